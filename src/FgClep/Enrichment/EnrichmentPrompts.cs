using FgClep.Enrichment.Proposers;

namespace FgClep.Enrichment;

/// <summary>The two prompts of the FG-CLEP paper used to ask a language model for waveform features.</summary>
public static class EnrichmentPrompts
{
    /// <summary>Version of the prompts; part of the <see cref="ProposalCache"/> key, so changing a prompt invalidates cached answers.</summary>
    public const string Version = "1";

    /// <summary>First turn, followed by the report (see <see cref="FirstTurn"/>).</summary>
    public const string FeatureQuestion = "What waveform features are most likely to be present in electrocardiograms with these symptoms?";

    /// <summary>Second turn, sent after the model's answer to the first; its reply is parsed.</summary>
    public const string ListInstruction = "Organize these waveform features into a Python list, with each item representing a distinct waveform feature.";

    /// <summary>The first user message: <see cref="FeatureQuestion"/>, a new line, then the trimmed report.</summary>
    /// <param name="report">The ECG report.</param>
    public static string FirstTurn(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return FeatureQuestion + "\n" + report.Trim();
    }
}
