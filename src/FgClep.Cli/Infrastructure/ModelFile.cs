using System.CommandLine;
using FgClep.Inference;
using FgClep.MLNet;

namespace FgClep.Cli.Infrastructure;

/// <summary>The <c>--model</c> option of the commands that use a trained model, and loading it with a clear error.</summary>
internal static class ModelFile
{
    public static Option<string> Option(string description = "A trained model package (.fgclep), as written by 'fgclep pretrain' (OUT/model.fgclep).") =>
        new("--model", "-m") { Description = description, Required = true, HelpName = "FILE" };

    public static ClepEncoder Load(string path, string flag = "--model")
    {
        if (Directory.Exists(path) && File.Exists(Path.Combine(path, PretrainOutputs.ModelFileName)))
            path = Path.Combine(path, PretrainOutputs.ModelFileName);
        if (!File.Exists(path))
            throw new CliUsageException($"{flag} '{path}' does not exist",
                "Give a model package written by 'fgclep pretrain' (its --out folder holds model.fgclep)");
        try
        {
            return ClepEncoder.Load(path);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or IOException or KeyNotFoundException)
        {
            throw new CliUsageException($"{flag} '{path}' is not a readable FgClep model package ({e.Message})",
                "Give a .fgclep file written by 'fgclep pretrain' or FgClepTransformer.Save");
        }
    }
}
