using System.Text;
using Google.Protobuf.Reflection;

namespace Faultline.ProtocPlugin;

/// <summary>
/// Naming rules shared with protoc's C# generator and Grpc.Tools, so that the code this plugin
/// writes refers to the types protoc generates and lands in the file Grpc.Tools expects.
/// </summary>
internal static class ProtoNames
{
    /// <summary>The suffix Grpc.Tools expects on the gRPC output file: <c>foo_bar.proto</c> → <c>FooBarGrpc.cs</c>.</summary>
    public const string DefaultFileSuffix = "Grpc.cs";

    /// <summary>
    /// protoc's C# <c>UnderscoresToCamelCase</c>: ASCII letters after a non-letter are capitalized,
    /// digits are kept (and capitalize the next letter), everything else is dropped except '.' when
    /// <paramref name="preservePeriod"/> is set. A leading capital is lowered unless
    /// <paramref name="capNextLetter"/> is set.
    /// </summary>
    public static string UnderscoresToCamelCase(string input, bool capNextLetter, bool preservePeriod = false)
    {
        var result = new StringBuilder(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            char c = input[i];
            if (c is >= 'a' and <= 'z')
            {
                result.Append(capNextLetter ? (char)(c - 'a' + 'A') : c);
                capNextLetter = false;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                result.Append(i == 0 && !capNextLetter ? (char)(c - 'A' + 'a') : c);
                capNextLetter = false;
            }
            else if (c is >= '0' and <= '9')
            {
                result.Append(c);
                capNextLetter = true;
            }
            else
            {
                capNextLetter = true;
                if (c == '.' && preservePeriod)
                {
                    result.Append('.');
                }
            }
        }

        if (input.Length > 0 && input[^1] == '#')
        {
            result.Append('_');
        }

        return result.ToString();
    }

    /// <summary>protoc's <c>UnderscoresToPascalCase</c>.</summary>
    public static string UnderscoresToPascalCase(string input) => UnderscoresToCamelCase(input, capNextLetter: true);

    /// <summary>
    /// The C# namespace protoc puts a file's types in: the <c>csharp_namespace</c> option when set
    /// (even to ""), otherwise the proto package in PascalCase per dot-separated part
    /// (<c>hello_world.v1</c> → <c>HelloWorld.V1</c>).
    /// </summary>
    public static string GetFileNamespace(FileDescriptorProto file)
    {
        if (file.Options is { HasCsharpNamespace: true })
        {
            return file.Options.CsharpNamespace;
        }

        return PackageToNamespace(file.Package);
    }

    /// <summary>Converts a proto package to the namespace protoc's C# generator uses for it.</summary>
    public static string PackageToNamespace(string package) =>
        UnderscoresToCamelCase(package, capNextLetter: true, preservePeriod: true);

    /// <summary>Strips <c>.protodevel</c> or <c>.proto</c> from a file name, as protoc does.</summary>
    public static string StripDotProto(string fileName)
    {
        if (fileName.EndsWith(".protodevel", StringComparison.Ordinal))
        {
            return fileName[..^".protodevel".Length];
        }

        if (fileName.EndsWith(".proto", StringComparison.Ordinal))
        {
            return fileName[..^".proto".Length];
        }

        return fileName;
    }

    /// <summary>The last path segment of a proto file name (protoc always uses '/').</summary>
    public static string BaseName(string protoFileName)
    {
        int slash = protoFileName.LastIndexOf('/');
        return slash < 0 ? protoFileName : protoFileName[(slash + 1)..];
    }

    /// <summary>
    /// The unqualified name of the reflection class protoc generates for a file:
    /// <c>greet_me.proto</c> → <c>GreetMeReflection</c>.
    /// </summary>
    public static string GetReflectionClassName(string protoFileName) =>
        UnderscoresToPascalCase(StripDotProto(BaseName(protoFileName))) + "Reflection";

    /// <summary>
    /// The gRPC output file name for a proto file, computed exactly as Grpc.Tools predicts it
    /// (its <c>LowerUnderscoreToUpperCamelGrpcWay</c>): the base name without extension, '_' removed
    /// and the character after each '_' (and the first) upper-cased, then <paramref name="suffix"/>.
    /// The result has no directory: Grpc.Tools already runs protoc with the proto's sub-directory in
    /// <c>--grpc_out</c>.
    /// </summary>
    public static string GetOutputFileName(string protoFileName, string suffix = DefaultFileSuffix)
    {
        string stem = Path.GetFileNameWithoutExtension(BaseName(protoFileName));

        var result = new StringBuilder(stem.Length + suffix.Length);
        bool cap = true;
        foreach (char c in stem)
        {
            if (c == '_')
            {
                cap = true;
            }
            else if (cap)
            {
                result.Append(char.ToUpperInvariant(c));
                cap = false;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.Append(suffix).ToString();
    }

    /// <summary>
    /// The C# type protoc generates for a message or enum, fully qualified with <c>global::</c>:
    /// nested types live in the parent's <c>Types</c> class (<c>Outer.Types.Inner</c>).
    /// </summary>
    /// <param name="csharpNamespace">The declaring file's C# namespace (may be empty).</param>
    /// <param name="nestingPath">The type's name and its parents', outermost first.</param>
    public static string GetQualifiedTypeName(string csharpNamespace, IReadOnlyList<string> nestingPath)
    {
        var sb = new StringBuilder("global::");
        if (csharpNamespace.Length > 0)
        {
            sb.Append(csharpNamespace).Append('.');
        }

        for (int i = 0; i < nestingPath.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(".Types.");
            }

            sb.Append(nestingPath[i]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The name of the marshaller field for a message: its full proto name with '.' replaced by '_'
    /// (<c>helloworld.HelloRequest</c> → <c>__Marshaller_helloworld_HelloRequest</c>).
    /// </summary>
    public static string GetMarshallerFieldName(string protoFullName) =>
        "__Marshaller_" + protoFullName.TrimStart('.').Replace('.', '_');

    /// <summary>Prefixes C# keywords with '@' so any proto identifier can be used as a C# identifier.</summary>
    public static string EscapeIdentifier(string name) => CSharpKeywords.Contains(name) ? "@" + name : name;

    private static readonly HashSet<string> CSharpKeywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
        "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
        "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
        "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new",
        "null", "object", "operator", "out", "override", "params", "private", "protected", "public",
        "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static",
        "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong",
        "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };
}
