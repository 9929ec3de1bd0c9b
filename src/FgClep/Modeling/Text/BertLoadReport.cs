namespace FgClep.Modeling.Text;

/// <summary>What <see cref="BertCheckpoint.Load"/> did with the checkpoint's tensors.</summary>
/// <param name="LoadedKeys">Encoder parameters set from the checkpoint (encoder names, without <c>bert.</c>).</param>
/// <param name="MissingKeys">Encoder parameters the checkpoint lacks; they keep their random initialisation.</param>
/// <param name="UnexpectedKeys">Checkpoint keys (as stored) that the encoder has no place for, e.g. <c>cls.*</c> heads or <c>pooler.*</c>.</param>
public sealed record BertLoadReport(IReadOnlyList<string> LoadedKeys, IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
