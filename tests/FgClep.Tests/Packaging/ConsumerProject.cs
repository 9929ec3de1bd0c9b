using System.Xml.Linq;

namespace FgClep.Tests.Packaging;

/// <summary>
/// A fresh console project that references the packed FgClep from a local feed, the way a user would. Its folder carries
/// empty Directory.Build.* and Directory.Packages.props so that nothing above it (the repository's files included) applies.
/// </summary>
internal static class ConsumerProject
{
    public const string ProjectFileName = "Consumer.csproj";

    /// <summary>
    /// Writes the project into <paramref name="directory"/>. Restore extracts packages into <paramref name="packagesDirectory"/>
    /// and reads everything it already has from <paramref name="machinePackagesDirectory"/> (a fallback folder, used in place).
    /// </summary>
    public static void Write(string directory, string repositoryRoot, string feed, string fgclepVersion,
                             string packagesDirectory, string machinePackagesDirectory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");
        WriteNuGetConfig(Path.Combine(directory, "NuGet.config"), Path.Combine(repositoryRoot, "NuGet.config"), feed);
        File.WriteAllText(Path.Combine(directory, ProjectFileName), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RestorePackagesPath>{packagesDirectory}</RestorePackagesPath>
                <RestoreFallbackFolders>{machinePackagesDirectory}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FgClep" Version="{fgclepVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using System.Globalization;
            using FgClep.Datasets;
            using FgClep.Datasets.PtbXl;
            using FgClep.Evaluation;
            using FgClep.Inference;
            using FgClep.MLNet;
            using FgClep.Modeling;
            using FgClep.Modeling.Ecg;
            using FgClep.Modeling.Text;
            using FgClep.Preprocessing;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using static TorchSharp.torch;

            if (args.Length == 3)
            {
                // "save PATH PTBXL": load PTB-XL, embed with a tiny FgClep model, select one label, fit an ML.NET trainer,
                // evaluate on the test fold and save the whole pipeline with the one route;
                // "score PATH PTBXL": the test fold scored by the pipeline loaded in this (other) process.
                var ml = new MLContext(seed: 1);
                var test = ml.Data.LoadPtbXl(args[2], new PtbXlLoadOptions { Folds = PtbXlLoadOptions.TestFolds, Task = PtbXlTask.Super });
                ITransformer pipeline;
                if (args[0] == "save")
                {
                    var train = ml.Data.LoadPtbXl(args[2], new PtbXlLoadOptions { Folds = new[] { 1, 2 }, Task = PtbXlTask.Super });
                    manual_seed(3);
                    var tokenizer = ReportTokenizer.FromTexts(new[] { "sinus rhythm", "atrial fibrillation" }, maxLength: 16);
                    var network = new ClepModel(new ClepModelOptions
                    {
                        Ecg = new ResNet1dOptions { Depth = 18, BaseWidth = 4 },
                        Text = new BertConfig { VocabSize = tokenizer.VocabularySize, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 32 },
                        ProjectionSize = 8,
                    });
                    using var model = new FgClepTransformer(new ClepEncoder(network, tokenizer, new EcgPreprocessorOptions()));
                    pipeline = ml.Transforms.SelectEcgLabel("Labels", "NORM")
                        .Append(ml.Transforms.EmbedEcg(model))
                        .Append(ml.Transforms.NormalizeMeanVariance("EcgEmbedding"))
                        .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression("Label", "EcgEmbedding"))
                        .Fit(train);
                    var metrics = ml.BinaryClassification.Evaluate(pipeline.Transform(test));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"auc={metrics.AreaUnderRocCurve:R}"));
                    ml.Model.SaveWithFgClep(pipeline, train.Schema, args[1]);
                }
                else
                {
                    pipeline = ml.Model.LoadWithFgClep(args[1], out _);
                }
                var scores = pipeline.Transform(test).GetColumn<float>("Score");
                Console.WriteLine("scores=" + string.Join(',', scores.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
                return;
            }

            // conv1d of [1 2 3 4 5] with a ones(3) kernel gives [6 9 12]; d(sum)/d(kernel) is the sliding-window sums [6 9 12].
            var x = tensor(new float[] { 1, 2, 3, 4, 5 }).reshape(1, 1, 5);
            var kernel = ones(new long[] { 1, 1, 3 }, requires_grad: true);
            var loss = nn.functional.conv1d(x, kernel).sum();
            loss.backward();
            var grad = kernel.grad!.data<float>().ToArray();
            // And a call into FgClep itself: 3 of the 4 positive/negative pairs are ordered correctly.
            var auroc = RocAuc.Compute(new float[] { 0.1f, 0.4f, 0.35f, 0.8f }, new[] { false, false, true, true });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loss={loss.item<float>()} grad={string.Join(',', grad)} auroc={auroc}"));
            Console.WriteLine(File.Exists(FgClep.Modeling.Text.PretrainedTextEncoder.MiniLmL6V2.FindPackageAssembly()) ? "minilm-package=found" : "minilm-package=missing");
            """);
    }

    /// <summary>The repository's NuGet.config (its sources and mapping) plus the local feed, mapped to the FgClep package id.</summary>
    private static void WriteNuGetConfig(string path, string repositoryConfig, string feed)
    {
        var document = File.Exists(repositoryConfig) ? XDocument.Load(repositoryConfig) : new XDocument(new XElement("configuration"));
        var configuration = document.Root!;
        const string feedKey = "fgclep-local-feed";
        Child(configuration, "packageSources").Add(new XElement("add", new XAttribute("key", feedKey), new XAttribute("value", feed)));
        // An exact id wins over any wildcard pattern, so FgClep can only come from the feed.
        Child(configuration, "packageSourceMapping").Add(
            new XElement("packageSource", new XAttribute("key", feedKey), new XElement("package", new XAttribute("pattern", "FgClep"))));
        document.Save(path);
    }

    private static XElement Child(XElement parent, string name)
    {
        var child = parent.Element(name);
        if (child is null) { child = new XElement(name); parent.Add(child); }
        return child;
    }
}
