namespace FgClep.Datasets.PtbXl;

/// <summary>One row of PTB-XL's <c>scp_statements.csv</c>: an SCP-ECG statement and how it aggregates.</summary>
/// <param name="Code">The SCP code (the file's first, unnamed column), e.g. <c>NORM</c> or <c>IMI</c>.</param>
/// <param name="Description">Short English description.</param>
/// <param name="IsDiagnostic">Whether the statement is diagnostic (<c>diagnostic</c> = 1).</param>
/// <param name="IsForm">Whether the statement describes waveform form (<c>form</c> = 1).</param>
/// <param name="IsRhythm">Whether the statement describes the rhythm (<c>rhythm</c> = 1).</param>
/// <param name="DiagnosticClass">Diagnostic superclass (e.g. <c>MI</c>), empty for non-diagnostic statements.</param>
/// <param name="DiagnosticSubclass">Diagnostic subclass (e.g. <c>IMI</c>), empty for non-diagnostic statements.</param>
public sealed record PtbXlScpStatement(
    string Code,
    string Description,
    bool IsDiagnostic,
    bool IsForm,
    bool IsRhythm,
    string DiagnosticClass,
    string DiagnosticSubclass);
