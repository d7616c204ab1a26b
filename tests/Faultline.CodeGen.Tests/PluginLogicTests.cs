using Faultline.ProtocPlugin;
using Google.Protobuf;
using Google.Protobuf.Compiler;
using Google.Protobuf.Reflection;
using FileOptions = Google.Protobuf.Reflection.FileOptions;

namespace Faultline.CodeGen.Tests;

/// <summary>Unit tests of the plugin's pure logic (naming rules, options, type resolution, output).</summary>
public class PluginLogicTests
{
    // Expected values were checked against protoc 35.1's C# generator and grpc_csharp_plugin.
    [Theory]
    [InlineData("helloworld", "Helloworld")]
    [InlineData("hello_world.v1", "HelloWorld.V1")]
    [InlineData("codegen.test_pkg.v1", "Codegen.TestPkg.V1")]
    [InlineData("a.B_c.x9y", "A.BC.X9Y")]
    [InlineData("Upper_case._lead", "UpperCase.Lead")]
    [InlineData("google.protobuf", "Google.Protobuf")]
    [InlineData("", "")]
    public void Package_converts_to_the_namespace_protoc_uses(string package, string expected) =>
        Assert.Equal(expected, ProtoNames.PackageToNamespace(package));

    [Fact]
    public void Csharp_namespace_option_wins_even_when_empty()
    {
        var file = new FileDescriptorProto { Name = "x.proto", Package = "a.b" };
        Assert.Equal("A.B", ProtoNames.GetFileNamespace(file));

        file.Options = new FileOptions { CsharpNamespace = "My.Ns" };
        Assert.Equal("My.Ns", ProtoNames.GetFileNamespace(file));

        file.Options = new FileOptions { CsharpNamespace = "" };
        Assert.Equal("", ProtoNames.GetFileNamespace(file));
    }

    // Grpc.Tools predicts FooBarGrpc.cs for foo_bar.proto and compiles only the files it predicted.
    [Theory]
    [InlineData("greet.proto", "GreetGrpc.cs")]
    [InlineData("foo_bar.proto", "FooBarGrpc.cs")]
    [InlineData("dir/sub/foo_bar_baz.proto", "FooBarBazGrpc.cs")]
    [InlineData("foo__bar.proto", "FooBarGrpc.cs")]
    [InlineData("fooBar.proto", "FooBarGrpc.cs")]
    [InlineData("foo_2bar.proto", "Foo2barGrpc.cs")]
    [InlineData("foo-bar.v2.proto", "Foo-bar.v2Grpc.cs")]
    public void Output_file_name_matches_Grpc_Tools(string protoName, string expected) =>
        Assert.Equal(expected, ProtoNames.GetOutputFileName(protoName));

    [Theory]
    [InlineData("greet_me.proto", "GreetMeReflection")]
    [InlineData("dir/foo-bar.v2.proto", "FooBarV2Reflection")]
    [InlineData("foo_2bar.proto", "Foo2BarReflection")]
    [InlineData("common/types.proto", "TypesReflection")]
    public void Reflection_class_name_matches_protoc(string protoName, string expected) =>
        Assert.Equal(expected, ProtoNames.GetReflectionClassName(protoName));

    [Theory]
    [InlineData("event", "@event")]
    [InlineData("Event", "Event")]
    [InlineData("class", "@class")]
    [InlineData("SayHello", "SayHello")]
    public void Keywords_are_escaped(string name, string expected) =>
        Assert.Equal(expected, ProtoNames.EscapeIdentifier(name));

    [Fact]
    public void Options_are_parsed()
    {
        Assert.Equal(new GeneratorOptions(), GeneratorOptions.Parse(null));
        Assert.Equal(new GeneratorOptions(), GeneratorOptions.Parse(""));

        var options = GeneratorOptions.Parse("no_server, internal_access,file_suffix=.Faultline.cs");
        Assert.False(options.GenerateServer);
        Assert.True(options.GenerateClient);
        Assert.True(options.InternalAccess);
        Assert.Equal(".Faultline.cs", options.FileSuffix);

        Assert.False(GeneratorOptions.Parse("no_client").GenerateClient);
        Assert.Throws<GeneratorException>(() => GeneratorOptions.Parse("lite_client"));
        Assert.Throws<GeneratorException>(() => GeneratorOptions.Parse("no_server=true"));
    }

    [Fact]
    public void Type_map_resolves_nested_types_across_files()
    {
        var map = TypeMap.Build(
        [
            new FileDescriptorProto
            {
                Name = "a.proto",
                Package = "pkg.sub_pkg",
                MessageType =
                {
                    new DescriptorProto
                    {
                        Name = "Outer",
                        NestedType = { new DescriptorProto { Name = "Inner", NestedType = { new DescriptorProto { Name = "Deepest" } } } },
                    },
                },
            },
            new FileDescriptorProto
            {
                Name = "b.proto",
                Options = new FileOptions { CsharpNamespace = "Custom" },
                MessageType = { new DescriptorProto { Name = "Top" } },
            },
        ]);

        Assert.Equal("global::Pkg.SubPkg.Outer", map.Resolve(".pkg.sub_pkg.Outer"));
        Assert.Equal("global::Pkg.SubPkg.Outer.Types.Inner", map.Resolve(".pkg.sub_pkg.Outer.Inner"));
        Assert.Equal("global::Pkg.SubPkg.Outer.Types.Inner.Types.Deepest", map.Resolve("pkg.sub_pkg.Outer.Inner.Deepest"));
        Assert.Equal("global::Custom.Top", map.Resolve(".Top"));
        Assert.Throws<GeneratorException>(() => map.Resolve(".pkg.Missing"));
    }

    private static FileDescriptorProto GreeterFile(bool withComments = true)
    {
        var file = new FileDescriptorProto
        {
            Name = "protos/greet.proto",
            Package = "helloworld",
            Syntax = "proto3",
            MessageType = { new DescriptorProto { Name = "HelloRequest" }, new DescriptorProto { Name = "HelloReply" } },
            Service =
            {
                new ServiceDescriptorProto
                {
                    Name = "Greeter",
                    Method =
                    {
                        new MethodDescriptorProto { Name = "SayHello", InputType = ".helloworld.HelloRequest", OutputType = ".helloworld.HelloReply" },
                        new MethodDescriptorProto { Name = "SayHellos", InputType = ".helloworld.HelloRequest", OutputType = ".helloworld.HelloReply", ServerStreaming = true },
                    },
                },
            },
        };
        if (withComments)
        {
            file.SourceCodeInfo = new SourceCodeInfo
            {
                Location =
                {
                    new SourceCodeInfo.Types.Location { Path = { 6, 0 }, LeadingComments = " The greeting service.\n Uses a < b & c.\n" },
                    new SourceCodeInfo.Types.Location { Path = { 6, 0, 2, 1 }, LeadingComments = " Streams greetings.\n" },
                },
            };
        }

        return file;
    }

    private static CodeGeneratorRequest Request(string? parameter, params FileDescriptorProto[] files)
    {
        var request = new CodeGeneratorRequest { ProtoFile = { files } };
        request.FileToGenerate.Add(files[^1].Name);
        if (parameter is not null)
        {
            request.Parameter = parameter;
        }

        return request;
    }

    [Fact]
    public void Generates_one_file_per_proto_with_the_expected_shape()
    {
        var response = ServiceGenerator.Generate(Request(null, GreeterFile()));

        Assert.False(response.HasError, response.Error);
        var file = Assert.Single(response.File);
        Assert.Equal("GreetGrpc.cs", file.Name);
        string code = file.Content;
        Assert.Contains("namespace Helloworld", code);
        Assert.Contains("public static partial class Greeter", code);
        Assert.Contains("static readonly string __ServiceName = \"helloworld.Greeter\";", code);
        Assert.Contains("__Marshaller_helloworld_HelloRequest = global::Faultline.Marshallers.ForProtobuf(global::Helloworld.HelloRequest.Parser);", code);
        Assert.Contains("global::Faultline.MethodType.ServerStreaming,", code);
        Assert.Contains("return global::Helloworld.GreetReflection.Descriptor.Services[0];", code);
        Assert.Contains("[global::Faultline.BindServiceMethod(typeof(global::Helloworld.Greeter), \"BindService\")]", code);
        Assert.Contains("public abstract partial class GreeterBase", code);
        Assert.Contains("public partial class GreeterClient : global::Faultline.ClientBase<GreeterClient>", code);
        Assert.Contains("#nullable enable", code);
        Assert.Contains("#pragma warning disable", code);
        Assert.Contains("/// The greeting service.\n  /// Uses a &lt; b &amp; c.\n", code);
        Assert.Contains("/// Streams greetings.", code);
        Assert.DoesNotContain("\r", code);
    }

    [Fact]
    public void Options_select_the_generated_halves_and_access()
    {
        string clientOnly = ServiceGenerator.Generate(Request("no_server", GreeterFile())).File[0].Content;
        Assert.DoesNotContain("GreeterBase", clientOnly);
        Assert.DoesNotContain("BindService", clientOnly);
        Assert.Contains("class GreeterClient", clientOnly);

        string serverOnly = ServiceGenerator.Generate(Request("no_client", GreeterFile())).File[0].Content;
        Assert.Contains("class GreeterBase", serverOnly);
        Assert.DoesNotContain("GreeterClient", serverOnly);

        string internalAccess = ServiceGenerator.Generate(Request("internal_access", GreeterFile())).File[0].Content;
        Assert.Contains("internal static partial class Greeter", internalAccess);

        Assert.Equal("GreetX.cs", ServiceGenerator.Generate(Request("file_suffix=X.cs", GreeterFile())).File[0].Name);
    }

    [Fact]
    public void Errors_are_reported_to_protoc_in_the_response()
    {
        var badOption = ServiceGenerator.Generate(Request("bogus", GreeterFile()));
        Assert.Contains("bogus", badOption.Error);
        Assert.Empty(badOption.File);

        var file = GreeterFile();
        file.Service[0].Method[0].InputType = ".helloworld.Nope";
        var badType = ServiceGenerator.Generate(Request(null, file));
        Assert.Contains(".helloworld.Nope", badType.Error);
    }

    [Fact]
    public void A_file_without_services_gets_a_comment_only_file()
    {
        var file = new FileDescriptorProto { Name = "only_messages.proto", Package = "x", MessageType = { new DescriptorProto { Name = "M" } } };

        var generated = Assert.Single(ServiceGenerator.Generate(Request(null, file)).File);

        Assert.Equal("OnlyMessagesGrpc.cs", generated.Name);
        Assert.DoesNotContain("namespace", generated.Content);
        Assert.All(generated.Content.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("//", line));
    }

    [Fact]
    public void Response_declares_proto3_optional_and_editions_support()
    {
        var response = ServiceGenerator.Generate(Request(null, GreeterFile(withComments: false)));
        using var stream = new MemoryStream();

        ServiceGenerator.WriteResponse(response, stream);

        // Parse as the newer schema would: fields 3 and 4 follow the known ones.
        var input = new CodedInputStream(stream.ToArray());
        int? min = null, max = null;
        ulong features = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2: features = input.ReadUInt64(); break;
                case 3: min = input.ReadInt32(); break;
                case 4: max = input.ReadInt32(); break;
                default: input.SkipLastField(); break;
            }
        }

        Assert.Equal(3UL, features);
        Assert.Equal(1000, min);
        Assert.Equal(1001, max);
        var parsed = CodeGeneratorResponse.Parser.ParseFrom(stream.ToArray());
        Assert.Equal(response.File, parsed.File);
        Assert.Equal(response.SupportedFeatures, parsed.SupportedFeatures);
    }
}
