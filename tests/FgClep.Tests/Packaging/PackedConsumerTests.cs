using FgClep.IO;
using FgClep.MLNet;

using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Packaging;

/// <summary>
/// Packs the five packages as users receive them, once for the class. A fresh console app builds against the FgClep package
/// from the local feed: it must restore, build (the package's buildTransitive fix-up marking libtorch's GLIBCXX_3.4.32 need
/// weak) and run TorchSharp forward and backward passes. The fgclep tool installs from the same feed and runs.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class PackedConsumerTests
{
    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);
    private const string TorchSharpNative = "libLibTorchSharp.so";
    private const string WeakenedVersion = "GLIBCXX_3.4.32";
    private const string ToolRid = "linux-x64";
    private const long ToolPackageMaxBytes = 250L * 1024 * 1024;
    private static readonly string[] PackageIds = ["FgClep", "FgClep.LlamaSharp", "FgClep.Onnx", "FgClep.Plots", "FgClep.Cli"];

    private static string _repository = "";
    private static string _work = "";
    private static string _feed = "";
    private static string _version = "";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    [Timeout(600_000, CooperativeCancellation = true)]
    public static async Task PackOnce(TestContext context)
    {
        _repository = LocateRepository();
        // A version no cache has seen: consumers can only get the packages just packed.
        _version = $"0.1.0-consumer.r{Guid.NewGuid():N}"[..32];
        _work = Path.Combine(Path.GetTempPath(), $"fgclep-consumer-{Guid.NewGuid():N}");
        _feed = Path.Combine(_work, "feed");
        Directory.CreateDirectory(_work);
        var pack = await PackAsync(_repository, _work, _feed, _version, context.CancellationToken);
        context.WriteLine($"{pack.Command}: {pack.Elapsed.TotalSeconds:F1} s");
    }

    [ClassCleanup]
    public static void DeleteWork()
    {
        if (_work.Length == 0 || !Directory.Exists(_work)) return;
        try { Directory.Delete(_work, recursive: true); }
        catch (IOException) { /* a temp folder; the next run uses a fresh one */ }
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task PackedLibrariesRestoreBuildAndRunInAFreshConsumer()
    {
        var (work, feed, version, repository) = (_work, _feed, _version, _repository);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                              ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cancel = TestContext.CancellationToken;
        var packages = PackageIds.ToDictionary(id => id, id => Nupkg.Open(Path.Combine(feed, $"{id}.{version}.nupkg")));
        Assert.HasCount(PackageIds.Length, Directory.GetFiles(feed, "*.nupkg"), $"the feed should hold the five packages: {string.Join(", ", Directory.GetFiles(feed))}");
        AssertLibraryPackage(packages["FgClep"], "FgClep", version);
        packages["FgClep"].AssertContains("buildTransitive/FgClep.targets", "buildTransitive/WeakenElfVersionNeed.cs",
            "buildTransitive/FgClep.NativeFixup.targets", "buildTransitive/FgClep.TextEncoderPackages.targets", "ThirdPartyNotices.txt");
        foreach (var id in new[] { "FgClep.LlamaSharp", "FgClep.Onnx", "FgClep.Plots" })
        {
            AssertLibraryPackage(packages[id], id, version);
            var dependencies = packages[id].Dependencies();
            Assert.IsTrue(dependencies.TryGetValue("FgClep", out var fgclep), $"{id} should depend on FgClep; it depends on {string.Join(", ", dependencies.Keys)}");
            Assert.AreEqual(version, fgclep.Attribute("version")?.Value, $"{id}'s FgClep dependency version");
        }
        // LLamaSharp.Backend.Cpu copies its natives from build/ props, which must reach the consumer; they are not repacked here.
        var backend = packages["FgClep.LlamaSharp"].Dependencies()["LLamaSharp.Backend.Cpu"];
        Assert.DoesNotContain("Build", backend.Attribute("exclude")?.Value ?? "", $"LLamaSharp.Backend.Cpu dependency: {backend}");
        Assert.IsFalse(packages["FgClep.LlamaSharp"].Entries.Any(e => e.StartsWith("content", StringComparison.Ordinal)),
            $"FgClep.LlamaSharp should not carry LLamaSharp's natives as content: {string.Join(", ", packages["FgClep.LlamaSharp"].Entries)}");

        var consumer = Path.Combine(work, "consumer");
        ConsumerProject.Write(consumer, repository, feed, version, Path.Combine(work, "packages"), machinePackages);
        var build = (await DotnetCli.RunAsync(consumer, BuildLimit, cancel,
            "build", ConsumerProject.ProjectFileName, "-c", "Release", "--disable-build-servers")).EnsureSuccess();
        var output = Path.Combine(consumer, "bin", "Release", "net10.0");
        var run = (await DotnetCli.RunAsync(consumer, RunLimit, cancel, Path.Combine(output, "Consumer.dll"))).EnsureSuccess();
        TestContext.WriteLine($"{DotnetCli.Executable}: consumer restore+build {build.Elapsed.TotalSeconds:F1} s, run {run.Elapsed.TotalSeconds:F1} s");

        Assert.Contains("loss=27 grad=6,9,12 auroc=0.75", run.Output, $"consumer output:\n{run.Output}");
        // The build made sure the text-encoder packages are in one of its package folders and told the app where they are.
        Assert.Contains("minilm-package=found", run.Output, $"consumer output:\n{run.Output}");
        Assert.Contains("FgClep.NuGetPackageFolders", File.ReadAllText(Path.Combine(output, "Consumer.runtimeconfig.json")));

        AssertNativeNeedIsWeak(output, machinePackages, work);

        // The issue's pipeline: one process loads PTB-XL, embeds, selects a label, fits an ML.NET trainer, evaluates and saves
        // with SaveWithFgClep; another loads the zip and scores the test fold.
        var ptbxl = SharedData.RequireDirectory("data/ptbxl");
        var pipelineZip = Path.Combine(work, "pipeline.zip");
        var saved = (await DotnetCli.RunAsync(consumer, RunLimit, cancel, Path.Combine(output, "Consumer.dll"), "save", pipelineZip, ptbxl)).EnsureSuccess();
        var scored = (await DotnetCli.RunAsync(consumer, RunLimit, cancel, Path.Combine(output, "Consumer.dll"), "score", pipelineZip, ptbxl)).EnsureSuccess();
        string Line(string text, string key) => text.Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal)).Trim();
        Assert.AreEqual(Line(saved.Output, "scores="), Line(scored.Output, "scores="), "the loaded pipeline scores as the saved one did");
        var scores = Line(saved.Output, "scores=")["scores=".Length..].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.HasCount(252, scores, "one score per super-task test record (fold 10)");
        Assert.IsGreaterThan(0.0, scores.Max() - scores.Min(), "the trainer's scores vary across records");
        double auc = double.Parse(Line(saved.Output, "auc=")["auc=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(auc is > 0 and < 1, $"BinaryClassification.Evaluate gave AUC {auc}");
    }

    /// <summary>
    /// The tool package is linux-x64 only (no other platform's natives, no content/ folder) and installs from the feed alone
    /// into a tool path, where its libtorch is already patched and <c>fgclep --help</c> works.
    /// </summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task PackedToolInstallsFromTheFeedAndRuns()
    {
        var cancel = TestContext.CancellationToken;
        var packagePath = Path.Combine(_feed, $"FgClep.Cli.{_version}.nupkg");
        var package = Nupkg.Open(packagePath);
        var toolRoot = $"tools/net10.0/{ToolRid}/";
        package.AssertContains("README.md", "LICENSE", toolRoot + "DotnetToolSettings.xml", toolRoot + "FgClep.Cli.dll", toolRoot + TorchSharpNative);
        Assert.AreEqual("FgClep.Cli", package.Metadata("id"));
        var stray = package.Entries.Where(e => e.StartsWith("content", StringComparison.Ordinal)
                                               || (e.StartsWith("tools/", StringComparison.Ordinal) && !e.StartsWith(toolRoot, StringComparison.Ordinal))
                                               || (e.Contains("/runtimes/", StringComparison.Ordinal) && !e.StartsWith(toolRoot + $"runtimes/{ToolRid}/", StringComparison.Ordinal)))
            .ToList();
        Assert.IsEmpty(stray, $"the tool package should carry {ToolRid} files only under {toolRoot}; also found: {string.Join(", ", stray)}");
        var size = new FileInfo(packagePath).Length;
        Assert.IsLessThan(ToolPackageMaxBytes, size, $"tool package size {size / 1048576.0:F0} MiB");

        // Only the local feed: the tool package has no dependencies to fetch.
        var installDir = Path.Combine(_work, "tool-install");
        Directory.CreateDirectory(installDir);
        File.WriteAllText(Path.Combine(installDir, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="fgclep-local-feed" value="{_feed}" /></packageSources></configuration>
            """);
        var toolPath = Path.Combine(installDir, "tools");
        var install = (await DotnetCli.RunAsync(installDir, BuildLimit, cancel, "tool", "install", "FgClep.Cli", "--tool-path", toolPath,
            "--version", _version, "--configfile", Path.Combine(installDir, "NuGet.config"))).EnsureSuccess();
        var help = (await DotnetCli.RunProgramAsync(Path.Combine(toolPath, "fgclep"), installDir, RunLimit, cancel, "--help")).EnsureSuccess();
        TestContext.WriteLine($"tool package {size / 1048576.0:F0} MiB, install {install.Elapsed.TotalSeconds:F1} s, --help {help.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("fgclep: fine-grained ECG", help.Output, help.Output);
        foreach (var command in new[] { "pretrain", "enrich", "zeroshot", "export-onnx" })
            Assert.Contains(command, help.Output, help.Output);

        var installed = ContainedFileSearch.Find(toolPath, TorchSharpNative).ToArray();
        Assert.IsNotEmpty(installed, $"no {TorchSharpNative} under {toolPath}");
        foreach (var copy in installed)
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.AlreadyWeak, ElfVersionNeedPatcher.Patch(copy, WeakenedVersion),
                $"{copy}: the tool package should ship libtorch with the {WeakenedVersion} need already weak");
    }

    /// <summary>One `dotnet pack` over a solution filter of the five packable projects; build output stays out of the repository.</summary>
    private static async Task<DotnetRun> PackAsync(string repository, string work, string feed, string version, CancellationToken cancel)
    {
        var filter = Path.Combine(work, "packages.slnf");
        File.WriteAllText(filter, $$"""
            {
              "solution": {
                "path": "{{Path.Combine(repository, "FgClep.sln").Replace("\\", "\\\\")}}",
                "projects": [
                  "src/FgClep/FgClep.csproj",
                  "src/FgClep.LlamaSharp/FgClep.LlamaSharp.csproj",
                  "src/FgClep.Onnx/FgClep.Onnx.csproj",
                  "src/FgClep.Plots/FgClep.Plots.csproj",
                  "src/FgClep.Cli/FgClep.Cli.csproj"
                ]
              }
            }
            """);
        return (await DotnetCli.RunAsync(work, PackLimit, cancel,
            "pack", filter, "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(work, "artifacts"),
            $"-p:Version={version}", "--disable-build-servers")).EnsureSuccess();
    }

    private static void AssertLibraryPackage(Nupkg package, string id, string version)
    {
        package.AssertContains("README.md", "LICENSE", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml");
        Assert.AreEqual(id, package.Metadata("id"));
        Assert.AreEqual(version, package.Metadata("version"));
        Assert.AreEqual("README.md", package.Metadata("readme"), $"{id} readme");
        Assert.AreEqual(("expression", "MIT"), package.License(), $"{id} license");
        Assert.IsFalse(string.IsNullOrWhiteSpace(package.Metadata("description")), $"{id} description");
        Assert.AreNotEqual("Package Description", package.Metadata("description"), $"{id} description is the SDK default");
        Assert.Contains("ecg", package.Metadata("tags") ?? "", $"{id} tags");
    }

    /// <summary>
    /// Every copy of libLibTorchSharp.so in the consumer's output has the GLIBCXX_3.4.32 need marked weak, while the
    /// package's own copy does not: the consumer's build did it, through the FgClep package's buildTransitive targets.
    /// </summary>
    private static void AssertNativeNeedIsWeak(string output, string machinePackages, string work)
    {
        var copies = ContainedFileSearch.Find(output, TorchSharpNative).ToArray();
        Assert.IsNotEmpty(copies, $"no {TorchSharpNative} under {output}");
        foreach (var copy in copies)
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.AlreadyWeak, ElfVersionNeedPatcher.Patch(copy, WeakenedVersion),
                $"{copy}: the {WeakenedVersion} need should already be weak after the consumer's build");

        var packaged = Directory.Exists(Path.Combine(machinePackages, "torchsharp"))
            ? ContainedFileSearch.Find(Path.Combine(machinePackages, "torchsharp"), TorchSharpNative).FirstOrDefault()
            : null;
        if (packaged is null) return;
        var scratch = Path.Combine(work, "packaged-" + TorchSharpNative);
        File.Copy(packaged, scratch);
        Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.Patched, ElfVersionNeedPatcher.Patch(scratch, WeakenedVersion),
            $"{packaged} (TorchSharp's own copy) was expected to still carry a strong {WeakenedVersion} need");
    }

    private static string LocateRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FgClep.sln"))) return dir.FullName;
        Assert.Inconclusive($"No FgClep.sln above {AppContext.BaseDirectory}: the packaging test needs the repository's sources.");
        return "";
    }
}
