using System.Diagnostics;
using System.Text.Json;
using FgClep.Data;
using FgClep.Quickstart;

// FgClep quickstart: the embedded synthetic 12-lead data set (reports, labels and ground-truth waveform features),
// summarised and preprocessed into model input.
QuickstartArguments arguments;
try { arguments = QuickstartArguments.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(QuickstartArguments.Usage);
    return 2;
}

var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Seed = arguments.Seed });
var preprocessor = new EcgPreprocessor();
int trainCount = (int)Math.Round(arguments.Records * 0.8), testCount = arguments.Records - trainCount;

var clock = Stopwatch.StartNew();
var train = PreparedRecord.Build(generator, preprocessor, 0, trainCount, "train");
var test = PreparedRecord.Build(generator, preprocessor, trainCount, testCount, "test");
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"Generated and preprocessed {arguments.Records} synthetic ECGs ({generator.Options.SamplingRate} Hz, {generator.Options.DurationSeconds} s, 12 leads) in {seconds:F1} s");
Console.WriteLine();

var summary = DatasetSummary.Of(train, test);
summary.Print(Console.Out);
ModelInput.Describe(Console.Out, preprocessor, train[0]);

if (arguments.OutputDirectory is { } dir)
{
    Directory.CreateDirectory(dir);
    var results = new Dictionary<string, object>
    {
        ["dataset"] = summary.ToJson(),
        ["records"] = new { train = train.Length, test = test.Length },
        ["preprocessing"] = preprocessor.Options,
        ["generationSeconds"] = Math.Round(seconds, 2),
    };
    string path = Path.Combine(dir, "results.json");
    File.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"Wrote {path}");
}
return 0;
