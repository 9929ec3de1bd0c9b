using System.Collections.Concurrent;
using FgClep.Datasets.Synthetic;
using FgClep.Enrichment;
using FgClep.Enrichment.Proposers;
using FgClep.MLNet;
using FgClep.Preprocessing;
using FgClep.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TableScorer = FgClep.Tests.Enrichment.WaveformFeatureVerifierTests.TableScorer;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Enrichment;

// One test builds a tiny model with torch's process-wide RNG: must not overlap other torch tests.
[TestClass]
[DoNotParallelize]
public sealed class WaveformEnrichmentTests
{
    private const int SignalLength = 3;
    private string _dir = "";

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "fgclep-enrich-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
        public string RecordId = "";
        public bool Label = false;
    }

    /// <summary>Answers with a function of the report; "THROW" fails; counts calls per report.</summary>
    private sealed class ScriptedProposer(Func<string, IReadOnlyList<string>> answer) : IWaveformFeatureProposer
    {
        public ConcurrentBag<string> Asked { get; } = new();
        public string Id => "scripted:1";

        public Task<FeatureProposal> ProposeAsync(string report, CancellationToken cancellationToken = default)
        {
            Asked.Add(report);
            if (report.Contains("THROW")) throw new InvalidOperationException("model exploded");
            var features = answer(report);
            return Task.FromResult(new FeatureProposal(features, "raw", features.Count == 0 ? 1 : 0));
        }
    }

    /// <summary>"alpha" and "beta" for every readable report, plus "gamma" for reports about blocks; a stranger's language gives no list.</summary>
    private static ScriptedProposer Proposer() => new(report =>
        report.StartsWith("窦", StringComparison.Ordinal) ? Array.Empty<string>()
        : report.Contains("block", StringComparison.OrdinalIgnoreCase) ? new[] { "alpha", "beta", "gamma" }
        : new[] { "alpha", "beta" });

    /// <summary>P = 0.9 for "alpha"; "gamma" only where the signal's second value is positive; "beta" never.</summary>
    private static TableScorer Scorer() => new(SignalLength, (signal, text) => text switch
    {
        "alpha" => 0.9f,
        "gamma" => signal[1] > 0 ? 0.8f : 0.2f,
        _ => 0.1f,
    });

    private static readonly (string Report, float Second)[] Rows =
    {
        ("Sinus rhythm.", 0), ("sinus rhythm", 0), ("Left bundle branch block.", 1), ("Left bundle branch block.", -1),
        ("", 0), ("...", 0), ("THROW please", 0), ("窦性心律", 0), ("Sinus rhythm.", 1),
    };

    private static IDataView Data(MLContext ml, IEnumerable<(string Report, float Second)> rows, int firstId = 0)
    {
        var list = rows.Select((r, i) => new Row { Signal = new[] { firstId + i, r.Second, 0.5f }, Report = r.Report, RecordId = $"r{firstId + i}" }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    private static List<string[]> Column(IDataView view, string name) =>
        view.GetColumn<VBuffer<ReadOnlyMemory<char>>>(name).Select(v => v.DenseValues().Select(x => x.ToString()).ToArray()).ToList();

    [TestMethod]
    public void FitCalibrationFitsOnTheFirstRowsWithCandidatesAndTheTransformerCarriesIt()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows.Take(4));
        var plain = new WaveformEnrichmentEstimator(Scorer(), Proposer(), new WaveformEnrichmentOptions { Log = _ => { } }).Fit(data);
        Assert.IsNull(plain.Options.Calibration, "calibration is opt-in");

        var all = new WaveformEnrichmentEstimator(Scorer(), Proposer(), new WaveformEnrichmentOptions { Log = _ => { }, FitCalibration = true }).Fit(data);
        Assert.IsNotNull(all.Options.Calibration);
        Assert.AreEqual(4, all.Options.Calibration.Records);
        var log = new ConcurrentQueue<string>();
        var capped = new WaveformEnrichmentEstimator(Scorer(), Proposer(),
            new WaveformEnrichmentOptions { Log = log.Enqueue, FitCalibration = true, CalibrationRecords = 3 }).Fit(data);
        Assert.AreEqual(3, capped.Options.Calibration!.Records);
        Assert.IsTrue(log.Any(m => m.Contains("no proposed feature is stated by at least 5 of the 3 records read")), string.Join(" | ", log));
        // Four records are too few to scale any feature (5 with and 5 without are needed), so P is the model's.
        CollectionAssert.AreEqual(plain.Enrich(new[] { 0f, 1, 0.5f }, "Left bundle branch block.").Probabilities.ToArray(),
            capped.Enrich(new[] { 0f, 1, 0.5f }, "Left bundle branch block.").Probabilities.ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WaveformEnrichmentEstimator(Scorer(), Proposer(), new WaveformEnrichmentOptions { CalibrationRecords = 0 }));
    }

    [TestMethod]
    public void FitCalibrationLearnsFromTheFindingsTheReportsStateThemselves()
    {
        // 40 ECGs, half with a wide QRS (signal[1] = 1), which the model sees. Half of those reports state "Wide QRS complex",
        // the other half say "Left bundle branch block"; so do 5 reports of narrow-QRS ECGs, where the proposal is wrong.
        const string wide = "wide QRS complex";
        var rows = Enumerable.Range(0, 40).Select(i => i < 20
            ? (i % 2 == 0 ? "Wide QRS complex." : "Left bundle branch block.", 1f)
            : (i < 25 ? "Left bundle branch block." : "Sinus rhythm. Normal ECG.", -1f)).ToList();
        var scorer = new TableScorer(SignalLength, (signal, text) => text == wide ? (signal[1] > 0 ? 0.05f : 0.0025f) : 0.1f);
        var ml = new MLContext(seed: 1);
        var fitted = new WaveformEnrichmentEstimator(scorer, KnowledgeBaseProposer.Default,
            new WaveformEnrichmentOptions { Log = _ => { }, FitCalibration = true, Threshold = 0.5 }).Fit(Data(ml, rows));

        var calibration = fitted.Options.Calibration;
        Assert.IsNotNull(calibration);
        Assert.IsTrue(calibration.TryGetScaling(wide, out _, out _, out double statedRate), string.Join(", ", calibration.CalibratedFeatures));
        Assert.AreEqual(0.5, statedRate, 0.05);
        var onWide = fitted.Enrich(new[] { 0f, 1f, 0.5f }, "Left bundle branch block.");
        var onNarrow = fitted.Enrich(new[] { 0f, -1f, 0.5f }, "Left bundle branch block.");
        int j = onWide.Candidates.ToList().IndexOf(wide);
        Assert.IsGreaterThan(0.9f, onWide.Probabilities[j], "the ECG looks like those whose reports state it");
        Assert.IsLessThan(0.1f, onNarrow.Probabilities[j], "the ECG looks like those whose reports do not");
        CollectionAssert.Contains(onWide.Verified.ToList(), wide);
        CollectionAssert.DoesNotContain(onNarrow.Verified.ToList(), wide);
    }

    [TestMethod]
    public void FitEnrichesReportsSkipsBadOnesAndCountsEverything()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows);
        var proposer = Proposer();
        var log = new ConcurrentQueue<string>();
        // One failure in four reports: allowed here, this test is about bad input passing through.
        var estimator = new WaveformEnrichmentEstimator(Scorer(), proposer, new WaveformEnrichmentOptions { Log = log.Enqueue, MaxFailedShare = 0.25 });
        var transformer = estimator.Fit(data);
        var output = transformer.Transform(data);

        var reports = output.GetColumn<string>("FineGrainedReport").ToList();
        var verified = Column(output, "VerifiedFeatures");
        var candidates = Column(output, "CandidateFeatures");
        Assert.AreEqual("Sinus rhythm. Waveform features: alpha.", reports[0]);
        Assert.AreEqual("sinus rhythm. Waveform features: alpha.", reports[1]);
        Assert.AreEqual("Left bundle branch block. Waveform features: alpha, gamma.", reports[2], "gamma is verified on this ECG");
        Assert.AreEqual("Left bundle branch block. Waveform features: alpha.", reports[3], "but not on this one");
        CollectionAssert.AreEqual(new[] { "alpha", "beta", "gamma" }, candidates[3]);
        CollectionAssert.AreEqual(new[] { "alpha" }, verified[3]);
        for (int i = 4; i <= 7; i++)
        {
            Assert.AreEqual(Rows[i].Report, reports[i], $"row {i}: a skipped report passes through unchanged");
            Assert.IsEmpty(candidates[i]);
            Assert.IsEmpty(verified[i]);
        }

        var s = transformer.Statistics;
        Assert.AreEqual(9, s.Records);
        Assert.AreEqual(4, s.UniqueReports, "sinus rhythm (3 spellings), LBBB, THROW, the Chinese report");
        Assert.AreEqual(4, s.ProposerCalls);
        Assert.HasCount(4, proposer.Asked);
        Assert.AreEqual(0, s.CacheHits);
        Assert.AreEqual(3, s.SkippedReports, "empty/punctuation-only (together), the failure, no list");
        Assert.AreEqual(4, s.SkippedRecords);
        Assert.AreEqual(3, s.UniqueFeatures);
        Assert.AreEqual(2 + 2 + 3 + 3 + 2, s.Candidates);
        Assert.AreEqual(1 + 1 + 2 + 1 + 1, s.Verified);
        Assert.AreEqual(5, s.EnrichedRecords);
        Assert.AreEqual(12 / 9.0, s.CandidatesPerRecord, 1e-12);
        Assert.HasCount(3, log);
        Assert.IsTrue(log.Any(l => l.Contains("model exploded")), string.Join("\n", log));
        Assert.AreEqual(0, transformer.ComputedAfterFit, "rows seen by Fit are not computed again");
    }

    [TestMethod]
    public void FitFailsWhenMoreReportsFailThanAllowed()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows);
        var estimator = new WaveformEnrichmentEstimator(Scorer(), Proposer(), new WaveformEnrichmentOptions { Log = _ => { } });
        var e = Assert.ThrowsExactly<ProposerFailedException>(() => estimator.Fit(data));
        Assert.AreEqual(1, e.Failed);
        Assert.AreEqual(4, e.Total);
        Assert.Contains("1 of 4 distinct reports failed", e.Message);
    }

    [TestMethod]
    public void NewRowsAreComputedOnDemand()
    {
        var ml = new MLContext(seed: 1);
        var proposer = Proposer();
        var transformer = new WaveformEnrichmentEstimator(Scorer(), proposer, null).Fit(Data(ml, Rows.Take(4)));
        int asked = proposer.Asked.Count;

        // Same reports with new signals, a new report, and a fitted row.
        var fresh = Data(ml, new[] { ("Left bundle branch block.", 1f), ("Right bundle branch block.", -1f), ("Right bundle branch block.", 1f) }, firstId: 100);
        var reports = transformer.Transform(fresh).GetColumn<string>("FineGrainedReport").ToList();
        CollectionAssert.AreEqual(new[]
        {
            "Left bundle branch block. Waveform features: alpha, gamma.",
            "Right bundle branch block. Waveform features: alpha.",
            "Right bundle branch block. Waveform features: alpha, gamma.",
        }, reports);
        Assert.AreEqual(3, transformer.ComputedAfterFit);
        Assert.HasCount(asked + 1, proposer.Asked, "the new report is proposed once");

        var engine = ml.Model.CreatePredictionEngine<Row, EnrichedRow>(transformer, inputSchemaDefinition: RowSchema());
        var single = engine.Predict(new Row { Signal = new[] { 7f, 1f, 0f }, Report = "Right bundle branch block." });
        CollectionAssert.AreEqual(new[] { "alpha", "gamma" }, single.VerifiedFeatures);
        Assert.HasCount(asked + 1, proposer.Asked);
    }

    [TestMethod]
    public void TransformOfNewRowsProposesAndVerifiesABatchAtATime()
    {
        var ml = new MLContext(seed: 1);
        var proposer = Proposer();
        var scorer = Scorer();
        var transformer = new WaveformEnrichmentEstimator(scorer, proposer, new WaveformEnrichmentOptions { Log = _ => { } }).Fit(Data(ml, Rows.Take(4)));
        int asked = proposer.Asked.Count, signalCalls = scorer.SignalCalls;

        // 600 rows no Fit has seen: 2.3 batches, five reports (two of them new), "gamma" decided by each signal.
        string[] reports = { "Sinus rhythm.", "Left bundle branch block.", "Right bundle branch block.", "Atrial flutter.", "窦性心律" };
        var rows = Enumerable.Range(0, 600).Select(i => (reports[i % reports.Length], i % 3 == 0 ? 1f : -1f)).ToArray();
        var view = transformer.Transform(Data(ml, rows, firstId: 1000));
        var enriched = view.GetColumn<string>("FineGrainedReport").ToList();

        int batches = (600 + WaveformEnrichmentTransformer.RowsPerBatch - 1) / WaveformEnrichmentTransformer.RowsPerBatch;
        Assert.AreEqual(batches, scorer.SignalCalls - signalCalls, "one verifier call per batch of rows read ahead");
        Assert.HasCount(asked + 3, proposer.Asked, "each report Fit did not see is proposed once, whatever the batch");
        Assert.AreEqual(600, transformer.ComputedAfterFit);
        var verified = Column(view, "VerifiedFeatures");
        Assert.HasCount(asked + 3, proposer.Asked, "a second pass asks nothing again");
        for (int i = 0; i < rows.Length; i++)
        {
            var one = transformer.Enrich(new[] { 1000f + i, rows[i].Item2, 0.5f }, rows[i].Item1);
            CollectionAssert.AreEqual(one.Verified.ToArray(), verified[i], $"row {i}");
            Assert.AreEqual(FineGrainedReport.Compose(rows[i].Item1, one.Verified), enriched[i], $"row {i}");
        }
        CollectionAssert.AreEqual(new[] { "alpha", "gamma" }, verified[6], "a block report on a positive signal keeps gamma");
        CollectionAssert.AreEqual(new[] { "alpha" }, verified[1], "and drops it on a negative one");
        Assert.AreEqual("窦性心律", enriched[4], "a report without a list passes through unchanged");
    }

    private sealed class EnrichedRow
    {
        public string FineGrainedReport = "";
        public string[] VerifiedFeatures = Array.Empty<string>();
    }

    private static SchemaDefinition RowSchema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SignalLength);
        return schema;
    }

    [TestMethod]
    public void CacheMakesTheSecondFitFreeOfProposerCalls()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows);
        var answered = new List<int>();
        var options = new WaveformEnrichmentOptions
        {
            CachePath = Path.Combine(_dir, "proposals.jsonl"), Log = _ => { }, MaxFailedShare = 1, ProposalProgress = new SynchronousProgress(answered.Add),
        };
        var proposer = Proposer();
        var first = new WaveformEnrichmentEstimator(Scorer(), proposer, options).Fit(data);
        int calls = proposer.Asked.Count;
        Assert.AreEqual(4, calls);
        Assert.AreEqual(4, answered.Max(), "progress counts distinct reports answered");

        var second = new WaveformEnrichmentEstimator(Scorer(), proposer, options).Fit(data);
        Assert.AreEqual(1, proposer.Asked.Count - calls, "only the failed report is asked again (failures are not cached)");
        Assert.AreEqual(1, second.Statistics.ProposerCalls);
        Assert.AreEqual(3, second.Statistics.CacheHits);
        CollectionAssert.AreEqual(
            first.Transform(data).GetColumn<string>("FineGrainedReport").ToList(),
            second.Transform(data).GetColumn<string>("FineGrainedReport").ToList());
        Assert.AreEqual(first.Statistics with { ProposerCalls = 0, CacheHits = 0 }, second.Statistics with { ProposerCalls = 0, CacheHits = 0 });
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        private readonly object _gate = new();

        public void Report(int value)
        {
            lock (_gate) report(value);
        }
    }

    [TestMethod]
    public void NativeSaveFailsWithAPointerToTheCache()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows.Take(2));
        var transformer = new WaveformEnrichmentEstimator(Scorer(), Proposer(), null).Fit(data);
        using var stream = new MemoryStream();
        var ex = Assert.Throws<Exception>(() => ml.Model.Save(transformer, data.Schema, stream));
        var messages = string.Join(" | ", Enumerable.Repeat(ex, 1).Concat(ex.InnerException is null ? [] : [ex.InnerException]).Select(e => e.Message));
        StringAssert.Contains(messages, "CachePath");
    }

    [TestMethod]
    public void SchemaErrorsNameTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows.Take(2));
        static string Fails(Action action) => Assert.ThrowsExactly<ArgumentOutOfRangeException>(action).Message;
        WaveformEnrichmentEstimator Estimator(WaveformEnrichmentOptions o, int length = SignalLength) => new(new TableScorer(length, (_, _) => 0.9f), Proposer(), o);

        StringAssert.Contains(Fails(() => Estimator(new() { SignalColumnName = "Waveform" }).Fit(data)), "Could not find signal column 'Waveform'");
        var wrongSize = Fails(() => Estimator(new(), length: 5).Fit(data));
        StringAssert.Contains(wrongSize, "signal column 'Signal': expected Vector<Single, 5>, got Vector<Single, 3>");
        StringAssert.Contains(Fails(() => Estimator(new() { ReportColumnName = "Text" }).Fit(data)), "Could not find report column 'Text'");
        StringAssert.Contains(Fails(() => Estimator(new() { ReportColumnName = "Label" }).Fit(data)), "Schema mismatch for report column 'Label': expected String, got Boolean");
        StringAssert.Contains(Fails(() => Estimator(new() { SignalColumnName = "RecordId" }).Fit(data)), "signal column 'RecordId'");

        // EstimatorChain propagates SchemaShapes before fitting anything.
        var chain = ml.Transforms.CopyColumns("Copy", "Report").Append(Estimator(new() { ReportColumnName = "Label" }));
        StringAssert.Contains(Fails(() => chain.Fit(data)), "Schema mismatch for report column 'Label'");
        chain = ml.Transforms.CopyColumns("Copy", "Report").Append(Estimator(new() { SignalColumnName = "Label" }));
        StringAssert.Contains(Fails(() => chain.Fit(data)), "signal column 'Label': expected Vector<Single, 3>");

        // A fitted transformer checks the data it is given.
        var transformer = Estimator(new()).Fit(data);
        var other = ml.Data.LoadFromEnumerable(new[] { new { Signal = new float[] { 1, 2, 3 }, Text = "x" } });
        StringAssert.Contains(Fails(() => transformer.Transform(other)), "signal column 'Signal'");
        Assert.ThrowsExactly<ArgumentException>(() => Estimator(new() { VerifiedFeaturesColumnName = "FineGrainedReport" }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Estimator(new() { Threshold = -0.1 }));
    }

    [TestMethod]
    public void OutputSchemaPropagatesToDownstreamEstimators()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml, Rows);
        var estimator = new WaveformEnrichmentEstimator(Scorer(), Proposer(), new WaveformEnrichmentOptions { OutputColumnName = "Fine", Log = _ => { }, MaxFailedShare = 1 });
        // The featurizer needs the text column to exist in the propagated schema before anything is fitted.
        var model = estimator.Append(ml.Transforms.Text.FeaturizeText("Features", "Fine")).Fit(data);
        var schema = model.Transform(data).Schema;
        Assert.IsInstanceOfType<TextDataViewType>(schema["Fine"].Type);
        Assert.AreEqual(new VectorDataViewType(TextDataViewType.Instance), schema["VerifiedFeatures"].Type);
        Assert.AreEqual(new VectorDataViewType(TextDataViewType.Instance), schema["CandidateFeatures"].Type);
        Assert.IsNotNull(schema.GetColumnOrNull("Features"));
        Assert.AreEqual("Sinus rhythm.", model.Transform(data).GetColumn<string>("Report").First(), "the input report column is kept");
    }

    [TestMethod]
    public void CatalogRunsTheStageOneModel()
    {
        var ml = new MLContext(seed: 1);
        using var clep = new FgClepTransformer(TinyClep.EmbeddingModel());
        var pairs = TinyClep.Data(6, seed: 9);
        var reports = new[] { "Atrial fibrillation.", "Left bundle branch block.", "Sinus rhythm. Normal ECG.", "Atrial fibrillation.", "xyz", "Sinus bradycardia." };
        var rows = Enumerable.Range(0, 6).Select(i => new Row { Signal = pairs.Signal(i).ToArray(), Report = reports[i], RecordId = $"r{i}" }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, clep.SignalLength);
        var data = ml.Data.LoadFromEnumerable(rows, schema);

        // Threshold 0 keeps every candidate (P > 0 for any finite logit); threshold 1 keeps none.
        var keepAll = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default, threshold: 0).Fit(data);
        var candidates = Column(keepAll.Transform(data), "CandidateFeatures");
        var verified = Column(keepAll.Transform(data), "VerifiedFeatures");
        for (int i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(KnowledgeBaseProposer.Default.ProposeFeatures(reports[i]).ToList(), candidates[i], reports[i]);
            CollectionAssert.AreEqual(candidates[i], verified[i], reports[i]);
        }
        Assert.AreEqual(candidates.SelectMany(c => c).Distinct().Count(), keepAll.Statistics.UniqueFeatures);
        Assert.AreEqual(5, keepAll.Statistics.EnrichedRecords);
        Assert.AreEqual(1, keepAll.Statistics.SkippedRecords, "'xyz' names no statement");

        var keepNone = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default,
            new WaveformEnrichmentOptions { Threshold = 1, TopK = 2, Log = _ => { } }).Fit(data);
        CollectionAssert.AreEqual(reports, keepNone.Transform(data).GetColumn<string>("FineGrainedReport").ToList());
        Assert.AreEqual(0, keepNone.Statistics.Verified);
    }

    [TestMethod]
    public void StageTwoTrainsOnTheFineGrainedReports()
    {
        var ml = new MLContext(seed: 1);
        var pairs = TinyClep.Data(12, seed: 2);
        var rows = Enumerable.Range(0, 12).Select(i => new Row { Signal = pairs.Signal(i).ToArray(), Report = pairs.Report(i), RecordId = $"r{i}" }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, TinyClep.Leads * TinyClep.Samples);
        var train = ml.Data.LoadFromEnumerable(rows, schema);
        var tokenizer = TinyClep.Tokenizer();
        var options = new FgClepPretrainOptions
        {
            Model = TinyClep.ModelOptions(tokenizer),
            Training = new ClepTrainerOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e-3, Seed = 4 },
            Preprocessing = new EcgPreprocessorOptions { SampleCount = TinyClep.Samples },
            MaxTokens = 32, // the tiny text encoder's positions; fine-grained reports are long and get truncated
        };

        using var clep = ml.Transforms.PretrainFgClep(options).Fit(train);
        var enrich = ml.Transforms.EnrichWaveformFeatures(clep, KnowledgeBaseProposer.Default, threshold: 0).Fit(train);
        var enriched = enrich.Transform(train);
        var fine = enriched.GetColumn<string>("FineGrainedReport").ToList();
        Assert.IsTrue(fine.Any(r => r.Contains(FineGrainedReport.FeaturesPrefix, StringComparison.Ordinal)), string.Join("\n", fine));
        using var fgclep = ml.Transforms.PretrainFgClep(options with { InitialModel = clep, ReportColumnName = "FineGrainedReport" }).Fit(enriched);

        var before = clep.Transform(train).GetColumn<float[]>("EcgEmbedding").First();
        var after = fgclep.Transform(train).GetColumn<float[]>("EcgEmbedding").First();
        CollectionAssert.AreNotEqual(before, after, "stage 2 continued training from stage 1");
        Assert.AreEqual(0, enrich.ComputedAfterFit, "stage 2 read the rows enriched at Fit");
    }

    [TestMethod]
    public void OracleVerificationRaisesPrecisionOnSyntheticData()
    {
        var ml = new MLContext(seed: 1);
        var synthetic = new SyntheticEcgOptions { Seed = 5, SamplingRate = 100, DurationSeconds = 2.5 };
        var preprocessing = new EcgPreprocessorOptions { SampleCount = 250 };
        const int count = 40;
        var records = new SyntheticEcgGenerator(synthetic).Generate(0, count).ToList();
        var preprocessor = new EcgPreprocessor(preprocessing);
        var truthBySignal = records.ToDictionary(r => WaveformEnrichmentMapping.RowKey(preprocessor.Process(r), ""), r => r.WaveformFeatures);
        // The oracle knows each ECG's true features: P = 0.9 for them, 0.1 for everything else.
        var oracle = new TableScorer(preprocessor.OutputLength, (signal, text) =>
            truthBySignal[WaveformEnrichmentMapping.RowKey(signal, "")].Contains(text, StringComparer.OrdinalIgnoreCase) ? 0.9f : 0.1f);

        var data = ml.Data.LoadSyntheticEcg(count, synthetic, preprocessing);
        var transformer = new WaveformEnrichmentEstimator(oracle, KnowledgeBaseProposer.Default, new WaveformEnrichmentOptions { Log = _ => { } }).Fit(data);
        var output = transformer.Transform(data);
        var ids = output.GetColumn<string>("RecordId").ToList();
        var truth = ids.Select(id => records.Single(r => r.RecordId == id).WaveformFeatures).ToList();
        var quality = EnrichmentQuality.Measure(Column(output, "CandidateFeatures"), Column(output, "VerifiedFeatures"), truth);

        Assert.AreEqual(count, quality.Records);
        Assert.IsGreaterThan(0.3, quality.RecallProposed, quality.ToString());
        Assert.IsLessThan(1.0, quality.PrecisionProposed, "the knowledge base proposes a superset: " + quality);
        Assert.IsGreaterThan(quality.PrecisionProposed, quality.PrecisionVerified, quality.ToString());
        Assert.AreEqual(1.0, quality.PrecisionVerified, quality.ToString());
        Assert.AreEqual(quality.RecallProposed, quality.RecallVerified, 1e-12, "the oracle drops no true feature");
        Assert.IsLessThan(quality.CandidatesPerRecord, quality.VerifiedPerRecord);
        Assert.AreEqual(count, transformer.Statistics.Records);
        Assert.IsLessThan(count, transformer.Statistics.UniqueReports, "synthetic reports repeat");
        Assert.AreEqual(transformer.Statistics.UniqueReports, transformer.Statistics.ProposerCalls);
        Assert.AreEqual(0, transformer.ComputedAfterFit);
    }
}
