using System.IO.Compression;
using System.Xml.Linq;

namespace Faultline.FunctionalTests.Packaging;

/// <summary>
/// Each package packs with <c>dotnet pack</c>, with its readme, and depends on what it should: the error
/// model on Grpc.Core.Api, Google.Protobuf and Google.Api.CommonProtos only; the testing kit on the two
/// pipelines and TestHost (Grpc.Tools, which compiles its dummy.proto, stays out).
/// </summary>
public class PackageTests
{
    public static TheoryData<string, string[]> Packages => new()
    {
        { "Faultline", ["Grpc.Core.Api", "Google.Protobuf", "Google.Api.CommonProtos"] },
        { "Faultline.AspNetCore", ["Faultline", "Grpc.AspNetCore.Server"] },
        { "Faultline.Client", ["Faultline", "Grpc.Net.ClientFactory"] },
        { "Faultline.FluentValidation", ["Faultline.AspNetCore", "FluentValidation"] },
        { "Faultline.Testing", ["Faultline.AspNetCore", "Faultline.Client", "Microsoft.AspNetCore.TestHost"] },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Pack_ProducesAPackageWithItsReadmeAndDependencies(string project, string[] dependencies)
    {
        var output = Directory.CreateTempSubdirectory("faultline-pack-");
        try
        {
            // --no-build: the projects are built (in this test run's configuration) before the tests run.
            var projectPath = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
            var result = await ChildProcess.RunAsync(TimeSpan.FromMinutes(2), "dotnet", ["pack", projectPath, "--no-build", "-c", Configuration(), "-o", output.FullName, "-nologo"]);
            Assert.True(result.ExitCode == 0, result.ToString());

            var package = Assert.Single(output.GetFiles(project + ".*.nupkg"));
            using var archive = ZipFile.OpenRead(package.FullName);
            Assert.NotNull(archive.GetEntry("README.md"));
            Assert.NotNull(archive.GetEntry($"lib/net10.0/{project}.dll"));
            Assert.NotNull(archive.GetEntry($"lib/net10.0/{project}.xml"));

            using var nuspecStream = archive.GetEntry(project + ".nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            XNamespace ns = nuspec.Root!.GetDefaultNamespace();
            Assert.Equal("README.md", nuspec.Descendants(ns + "readme").Single().Value);
            var ids = nuspec.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToHashSet();
            Assert.Equal(dependencies.ToHashSet(), ids);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static string Configuration() =>
        typeof(PackageTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Faultline.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Faultline.slnx not found above " + AppContext.BaseDirectory);
    }
}
