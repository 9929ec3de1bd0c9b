namespace FgClep.Datasets.Challenge;

/// <summary>
/// Labels of the Chapman-Shaoxing-Ningbo 12-lead ECG database (Zheng et al., PhysioNet 2022): its condition dictionary
/// and the 38 classes of the MERL benchmark, mapped from the SNOMED-CT codes in the record headers.
/// </summary>
/// <remarks>Several acronyms share a code in the dictionary (e.g. MI and MIBW); the 38 benchmark classes use each code once.</remarks>
public static class ChapmanLabels
{
    /// <summary>The database's 63 conditions, in dictionary order.</summary>
    public static IReadOnlyList<ChapmanCondition> Conditions { get; } = new ChapmanCondition[]
    {
        new("1AVB", "1 degree atrioventricular block", "270492004"),
        new("2AVB", "2 degree atrioventricular block", "195042002"),
        new("2AVB1", "2 degree atrioventricular block(Type one)", "54016002"),
        new("2AVB2", "2 degree atrioventricular block(Type two)", "28189009"),
        new("3AVB", "3 degree atrioventricular block", "27885002"),
        new("ABI", "atrial bigeminy", "251173003"),
        new("ALS", "Axis left shift", "39732003"),
        new("APB", "atrial premature beats", "284470004"),
        new("AQW", "abnormal Q wave", "164917005"),
        new("ARS", "Axis right shift", "47665007"),
        new("AVB", "atrioventricular block", "233917008"),
        new("CCR", "countercolockwise rotation", "251199005"),
        new("CR", "colockwise rotation", "251198002"),
        new("ERV", "Early repolarization of the ventricles", "428417006"),
        new("FQRS", "fQRS Wave", "164942001"),
        new("IDC", "Interior differences conduction", "698252002"),
        new("IVB", "Intraventricular block", "698252002"),
        new("JEB", "junctional escape beat", "426995002"),
        new("JPT", "junctional premature beat", "251164006"),
        new("LBBB", "left bundle branch block", "164909002"),
        new("LBBBB", "left back bundle branch block", "164909002"),
        new("LFBBB", "left front bundle branch block", "164909002"),
        new("LVH", "left ventricle hypertrophy", "164873001"),
        new("LVQRSAL", "lower voltage QRS in all lead", "251146004"),
        new("LVQRSCL", "lower voltage QRS in chest lead", "251148003"),
        new("LVQRSLL", "lower voltage QRS in limb lead", "251147008"),
        new("MI", "myocardial infarction", "164865005"),
        new("MIBW", "myocardial infraction in back wall", "164865005"),
        new("MIFW", "Myocardial infgraction in the front wall", "164865005"),
        new("MILW", "Myocardial infraction in the lower wall", "164865005"),
        new("MISW", "Myocardial infraction in the side wall", "164865005"),
        new("PRIE", "PR interval extension", "164947007"),
        new("PWC", "P wave Change", "164912004"),
        new("QTIE", "QT interval extension", "111975006"),
        new("RAH", "right atrial hypertrophy", "446358003"),
        new("RBBB", "right bundle branch block", "59118001"),
        new("RVH", "right ventricle hypertrophy", "89792004"),
        new("STDD", "ST drop down", "429622005"),
        new("STE", "ST extension", "164930006"),
        new("STTC", "ST-T Change", "428750005"),
        new("STTU", "ST tilt up", "164931005"),
        new("TWC", "T wave Change", "164934002"),
        new("TWO", "T wave opposite", "59931005"),
        new("UW", "U wave", "164937009"),
        new("VB", "ventricular bigeminy", "11157007"),
        new("VEB", "ventricular escape beat", "75532003"),
        new("VFW", "ventricular fusion wave", "13640000"),
        new("VPB", "ventricular premature beat", "17338001"),
        new("VPE", "ventricular preexcitation", "195060002"),
        new("VET", "ventricular escape trigeminy", "251180001"),
        new("WAVN", "Wandering in the atrioventricalualr node", "195101003"),
        new("WPW", "WPW", "74390002"),
        new("SB", "Sinus Bradycardia", "426177001"),
        new("SR", "Sinus Rhythm", "426783006"),
        new("AFIB", "Atrial Fibrillation", "164889003"),
        new("ST", "Sinus Tachycardia", "427084000"),
        new("AF", "Atrial Flutter", "164890007"),
        new("SA", "Sinus Irregularity", "427393009"),
        new("SVT", "Supraventricular Tachycardia", "426761007"),
        new("AT", "Atrial Tachycardia", "713422000"),
        new("AVNRT", "Atrioventricular  Node Reentrant Tachycardia", "233896004"),
        new("AVRT", "Atrioventricular Reentrant Tachycardia", "233897008"),
        new("SAAWR", "Sinus Atrium to Atrial Wandering Rhythm", "195101003"),
    };

    /// <summary>The 38 classes of MERL's Chapman split files, in their column order.</summary>
    public static IReadOnlyList<string> MerlClassNames { get; } = new[] { "AQW", "UW", "SR", "WPW", "2AVB", "AT", "VB", "ARS", "STTC", "SA", "STE", "VPB", "TWO", "STTU", "ALS", "APB", "2AVB1", "PRIE", "CCR", "CR", "AF", "AVB", "QTIE", "LBBB", "VEB", "SVT", "RBBB", "1AVB", "STDD", "MI", "AFIB", "TWC", "PWC", "ERV", "RVH", "LVH", "ST", "JEB" };

    /// <summary>The label map over <see cref="MerlClassNames"/> (name = acronym, description = full name).</summary>
    public static SnomedLabelMap LabelMap { get; } = new(MerlClassNames.Select(name =>
    {
        var condition = Conditions.First(c => c.Acronym == name);
        return new SnomedLabelClass(name, condition.FullName, new[] { condition.SnomedCode });
    }));
}
