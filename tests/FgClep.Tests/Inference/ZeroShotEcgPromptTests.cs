using FgClep.Datasets.PtbXl;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Inference;

[TestClass]
public sealed class ZeroShotEcgPromptTests
{
    [TestMethod]
    public void SuperclassesUseTheCuratedDescriptions()
    {
        var classes = PtbXlPrompts.Classes(new[] { "NORM", "MI", "STTC", "CD", "HYP" }, PtbXlTask.Super);
        CollectionAssert.AreEqual(new[] { "normal ECG", "myocardial infarction", "ST/T change", "conduction disturbance", "hypertrophy" },
            classes.Select(c => c.Prompts.Single()).ToArray());
        CollectionAssert.AreEqual(new[] { "NORM", "MI", "STTC", "CD", "HYP" }, classes.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void StatementsAndAggregatesAreDescribedAndMerlNamesMatch()
    {
        Assert.AreEqual("atrioventricular block", PtbXlPrompts.Describe("_AVB", PtbXlTask.Sub));
        Assert.AreEqual("atrioventricular block", PtbXlPrompts.Describe("AVB", PtbXlTask.Sub), "MERL strips the underscore");
        Assert.AreEqual("non-specific ST changes", PtbXlPrompts.Describe("NST", PtbXlTask.Sub));
        Assert.AreEqual("complete left bundle branch block", PtbXlPrompts.Describe("CLBBB", PtbXlTask.Sub));
        Assert.AreEqual("atrial fibrillation", PtbXlPrompts.Describe("AFIB", PtbXlTask.Rhythm));
        Assert.AreEqual("premature complex(es)", PtbXlPrompts.Describe("PRC(S)", PtbXlTask.Form));
        Assert.AreEqual("XYZ", PtbXlPrompts.Describe("XYZ", PtbXlTask.Form), "unknown classes are prompted by name");
        var statements = new Dictionary<string, PtbXlScpStatement> { ["AFIB"] = new("AFIB", "irregular rhythm without p waves", false, false, true, "", "") };
        Assert.AreEqual("irregular rhythm without p waves", PtbXlPrompts.Describe("AFIB", PtbXlTask.Rhythm, statements), "the given statements win");
    }

    [TestMethod]
    public void TemplatesGiveOnePromptEach()
    {
        var classes = PtbXlPrompts.Classes(new[] { "AFLT" }, PtbXlTask.Rhythm, templates: new[] { "{description}", "an ECG showing {description}" });
        CollectionAssert.AreEqual(new[] { "atrial flutter", "an ECG showing atrial flutter" }, classes[0].Prompts.ToArray());
        var ex = Assert.ThrowsExactly<ArgumentException>(() => PtbXlPrompts.Classes(new[] { "AFLT" }, PtbXlTask.Rhythm, templates: new[] { "ECG" }));
        StringAssert.Contains(ex.Message, "{description}");
        Assert.ThrowsExactly<ArgumentException>(() => PtbXlPrompts.Classes(new[] { "AFLT", "AFLT" }, PtbXlTask.Rhythm));
    }

    [TestMethod]
    public void EveryClassOfTheRealStatementTableHasADescription()
    {
        var database = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        foreach (var task in Enum.GetValues<PtbXlTask>())
        {
            var classes = PtbXlPrompts.Classes(database, task);
            CollectionAssert.AreEqual(database.ClassNames(task).ToArray(), classes.Select(c => c.Name).ToArray(), $"{task}: slot order");
            foreach (var c in classes)
            {
                var prompt = c.Prompts.Single();
                Assert.AreNotEqual(c.Name, prompt, $"{task} class {c.Name} fell back to its name");
                if (task is PtbXlTask.Form or PtbXlTask.Rhythm) Assert.AreEqual(database.Statements[c.Name].Description, prompt);
                // The built-in copy agrees with the file, so prompts do not depend on whether the file is at hand.
                Assert.AreEqual(prompt, PtbXlPrompts.Describe(c.Name, task), $"{task} class {c.Name}");
            }
        }
        Assert.HasCount(23, PtbXlPrompts.Classes(database, PtbXlTask.Sub));
    }
}
