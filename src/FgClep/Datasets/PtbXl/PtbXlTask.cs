namespace FgClep.Datasets.PtbXl;

/// <summary>The PTB-XL label tasks of the standard benchmark (Strodthoff et al. 2020; the MERL/FG-CLEP evaluation).</summary>
public enum PtbXlTask
{
    /// <summary>5 diagnostic superclasses (NORM, MI, STTC, CD, HYP): <c>diagnostic_class</c> of the diagnostic statements.</summary>
    Super,

    /// <summary>23 diagnostic subclasses: <c>diagnostic_subclass</c> of the diagnostic statements.</summary>
    Sub,

    /// <summary>19 form statements: the SCP codes flagged <c>form</c>.</summary>
    Form,

    /// <summary>12 rhythm statements: the SCP codes flagged <c>rhythm</c>.</summary>
    Rhythm,
}
