using FgClep.Cli.Infrastructure;
using FgClep.Datasets;
using FgClep.Datasets.Challenge;
using FgClep.IO;
using FgClep.Preprocessing;

namespace FgClep.Tests.Datasets;

/// <summary>CPSC2018 and Chapman zero-shot classes are prompted by their descriptions, not their acronyms.</summary>
[TestClass]
public sealed class SnomedPromptsTests
{
    [TestMethod]
    public void ChallengeClassesArePromptedByTheirDescriptions()
    {
        var cpsc = SnomedPrompts.Classes(Cpsc2018Labels.LabelMap);
        CollectionAssert.AreEqual(Cpsc2018Labels.ClassNames.ToArray(), cpsc.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "atrial fibrillation" }, cpsc.Single(c => c.Name == "AFIB").EffectivePrompts.ToArray());
        CollectionAssert.AreEqual(new[] { "st depression" }, cpsc.Single(c => c.Name == "STD").EffectivePrompts.ToArray());
        // The Chapman dictionary names every class in words but WPW, whose full name there is "WPW".
        CollectionAssert.AreEqual(new[] { "WPW" },
            SnomedPrompts.Classes(ChapmanLabels.LabelMap).Where(c => c.EffectivePrompts.Single() == c.Name).Select(c => c.Name).ToArray());
        Assert.AreEqual("myocardial infarction", SnomedPrompts.Classes(ChapmanLabels.LabelMap).Single(c => c.Name == "MI").EffectivePrompts.Single());

        var noDescription = SnomedPrompts.Classes(new SnomedLabelMap(new[] { new SnomedLabelClass("X1", " ", new[] { "1" }) })).Single();
        CollectionAssert.AreEqual(new[] { "X1" }, noDescription.EffectivePrompts.ToArray());
    }

    [TestMethod]
    public void TheCliPromptsAChallengeSourceByDescription()
    {
        var data = new LoadedData(EcgRecordSource.FromFactory(Array.Empty<EcgRecord>, 0), new EcgPreprocessorOptions(), Cpsc2018Labels.ClassNames,
            "Challenge records") { LabelMap = Cpsc2018Labels.LabelMap };
        var classes = DataPrompts.Classes(data)!;
        Assert.AreEqual("right bundle branch block", classes.Single(c => c.Name == "CRBBB").EffectivePrompts.Single());
    }
}
