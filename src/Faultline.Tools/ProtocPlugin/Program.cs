using Faultline.ProtocPlugin;
using Google.Protobuf.Compiler;

// A protoc plugin: protoc writes a CodeGeneratorRequest to stdin and reads a CodeGeneratorResponse
// from stdout. Errors in the request (unknown options, missing types) go back in the response so
// protoc reports them; anything else is a crash and exits non-zero.
if (args.Length > 0)
{
    Console.Error.WriteLine(
        "Faultline.ProtocPlugin is a protoc plugin and takes no arguments. Run it through protoc:\n" +
        "  protoc --plugin=protoc-gen-grpc=PATH/TO/protoc-gen-faultline --grpc_out=OUT_DIR \\\n" +
        "         [--grpc_opt=no_server,no_client,internal_access] -I PROTO_ROOT FILE.proto\n" +
        "or use <Protobuf Include=\"...\" /> items with src/Faultline.Tools/build/Faultline.Tools.targets.");
    return args[0] is "-h" or "--help" ? 0 : 2;
}

CodeGeneratorRequest request;
using (var stdin = Console.OpenStandardInput())
{
    request = CodeGeneratorRequest.Parser.ParseFrom(stdin);
}

var response = ServiceGenerator.Generate(request);
using (var stdout = Console.OpenStandardOutput())
{
    ServiceGenerator.WriteResponse(response, stdout);
    stdout.Flush();
}

return 0;
