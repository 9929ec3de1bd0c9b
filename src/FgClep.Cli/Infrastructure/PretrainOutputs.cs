namespace FgClep.Cli.Infrastructure;

/// <summary>The files 'fgclep pretrain' writes in its --out folder.</summary>
internal static class PretrainOutputs
{
    public const string ModelFileName = "model.fgclep";
    public const string TrainingFileName = "training.json";
    public const string CheckpointDirectoryName = "checkpoints";
}
