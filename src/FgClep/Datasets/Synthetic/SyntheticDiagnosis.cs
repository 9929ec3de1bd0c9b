namespace FgClep.Datasets.Synthetic;

/// <summary>The conditions drawn for one synthetic record: one rhythm and zero or more other findings.</summary>
internal sealed record SyntheticDiagnosis(string Rhythm, IReadOnlyList<string> Findings)
{
    public bool Has(string condition) => Rhythm == condition || Findings.Contains(condition);

    public bool IsSinus => Rhythm != SyntheticEcgConditions.AtrialFibrillation;

    /// <summary>
    /// Labels: the findings, preceded by the rhythm unless the rhythm is plain sinus rhythm with other findings
    /// (<c>normal sinus rhythm</c> labels a normal ECG only).
    /// </summary>
    public IReadOnlyList<string> Labels
    {
        get
        {
            var labels = new List<string>();
            if (Rhythm != SyntheticEcgConditions.NormalSinusRhythm || Findings.Count == 0) labels.Add(Rhythm);
            labels.AddRange(SyntheticEcgConditions.All.Where(Findings.Contains));
            return labels;
        }
    }
}
