using Google.Protobuf.Reflection;

namespace Faultline.ProtocPlugin;

/// <summary>
/// Maps fully qualified proto type names (<c>.pkg.Outer.Inner</c>) to the C# types protoc
/// generates for them (<c>global::Pkg.Outer.Types.Inner</c>), across every file in the request
/// (protoc sends all transitive imports, including well-known types).
/// </summary>
internal sealed class TypeMap
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    /// <summary>Builds the map from all files of a request.</summary>
    public static TypeMap Build(IEnumerable<FileDescriptorProto> files)
    {
        var map = new TypeMap();
        foreach (var file in files)
        {
            map.AddFile(file);
        }

        return map;
    }

    /// <summary>Adds the messages and enums of one file.</summary>
    public void AddFile(FileDescriptorProto file)
    {
        string ns = ProtoNames.GetFileNamespace(file);
        string prefix = file.Package.Length == 0 ? "." : "." + file.Package + ".";
        var path = new List<string>();
        foreach (var message in file.MessageType)
        {
            AddMessage(message, prefix, ns, path);
        }

        foreach (var e in file.EnumType)
        {
            _types[prefix + e.Name] = ProtoNames.GetQualifiedTypeName(ns, [e.Name]);
        }
    }

    private void AddMessage(DescriptorProto message, string prefix, string ns, List<string> path)
    {
        path.Add(message.Name);
        string fullName = prefix + message.Name;
        _types[fullName] = ProtoNames.GetQualifiedTypeName(ns, path);
        foreach (var nested in message.NestedType)
        {
            AddMessage(nested, fullName + ".", ns, path);
        }

        foreach (var e in message.EnumType)
        {
            path.Add(e.Name);
            _types[fullName + "." + e.Name] = ProtoNames.GetQualifiedTypeName(ns, path);
            path.RemoveAt(path.Count - 1);
        }

        path.RemoveAt(path.Count - 1);
    }

    /// <summary>Returns the C# type of <paramref name="protoTypeName"/> (leading '.' optional).</summary>
    /// <exception cref="GeneratorException">The type is not defined in any file of the request.</exception>
    public string Resolve(string protoTypeName)
    {
        string key = protoTypeName.StartsWith('.') ? protoTypeName : "." + protoTypeName;
        return _types.TryGetValue(key, out var name)
            ? name
            : throw new GeneratorException($"Type {key} is not defined in any file protoc passed to the plugin.");
    }
}
