using System.Text;
using FgClep.IO;
using FgClep.IO.MatV4;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

/// <summary>
/// Damaged WFDB and MAT files: every variant must either read (and then be self-consistent) or throw exactly
/// <see cref="FgClepFormatException"/> — never another exception type, and never hang.
/// </summary>
[TestClass]
public sealed class CorruptWfdbTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private sealed record Variant(string Name, string HeaderText, byte[]? HeaderBytes, byte[]? Dat, bool MustFail);

    /// <summary>A valid 12-lead, 200-sample format-16 record written by <see cref="WfdbWriter"/>.</summary>
    private static (string Header, byte[] Dat) BuildValid()
    {
        using var dir = new WfdbScratchForTests();
        var random = new Random(99);
        var adc = new short[12 * 200];
        for (int i = 0; i < adc.Length; i++) adc[i] = (short)random.Next(-3000, 3000);
        var path = dir.PathOf("rec");
        WfdbWriter.WriteAdc(path, adc, StandardLeads.Twelve, 500, new WfdbWriteOptions { Comments = new[] { "Age: 50", "Dx: 1,2" } });
        return (File.ReadAllText(path + ".hea"), File.ReadAllBytes(path + ".dat"));
    }

    private static IEnumerable<Variant> Variants()
    {
        var (hea, dat) = BuildValid();
        var random = new Random(20240601);
        var firstSignal = hea.Split('\n')[1];

        yield return new Variant("intact", hea, null, dat, false);
        foreach (var cut in new[] { 0, 1, 2, 3, 100, dat.Length / 4, dat.Length / 2, dat.Length - 3, dat.Length - 2, dat.Length - 1 })
            yield return new Variant($"dat truncated to {cut} bytes", hea, null, dat[..cut], true);
        foreach (var cut in new[] { 0, 1, 5, 9, 14, 20, 33, 47, 60, hea.Length / 3, hea.Length / 2, hea.Length - 30, hea.Length - 8, hea.Length - 1 })
            yield return new Variant($"header truncated to {cut} chars", hea[..cut], null, dat, false);
        for (int i = 0; i < 25; i++)
        {
            var flipped = (byte[])dat.Clone();
            int at = random.Next(flipped.Length);
            flipped[at] ^= (byte)random.Next(1, 256);
            yield return new Variant($"dat byte {at} flipped", hea, null, flipped, true);
        }
        var heaBytes = Encoding.UTF8.GetBytes(hea);
        for (int i = 0; i < 25; i++)
        {
            var flipped = (byte[])heaBytes.Clone();
            int at = random.Next(flipped.Length);
            flipped[at] ^= (byte)random.Next(1, 256);
            yield return new Variant($"header byte {at} flipped", "", flipped, dat, false);
        }
        string Replace(string from, string to) => hea.Replace(from, to);
        string ReplaceFirstSignal(string to) => hea.Replace(firstSignal, to);
        yield return new Variant("signal count not a number", Replace("rec 12 500 200", "rec 1x2 500 200"), null, dat, true);
        yield return new Variant("too few signals declared", Replace("rec 12 500 200", "rec 11 500 200"), null, dat, true);
        yield return new Variant("too many signals declared", Replace("rec 12 500 200", "rec 13 500 200"), null, dat, true);
        yield return new Variant("huge signal count", Replace("rec 12 500 200", "rec 99999999 500 200"), null, dat, true);
        yield return new Variant("negative sampling frequency", Replace("rec 12 500 200", "rec 12 -500 200"), null, dat, true);
        yield return new Variant("NaN sampling frequency", Replace("rec 12 500 200", "rec 12 NaN 200"), null, dat, true);
        yield return new Variant("zero sampling frequency", Replace("rec 12 500 200", "rec 12 0 200"), null, dat, true);
        yield return new Variant("negative sample count", Replace("rec 12 500 200", "rec 12 500 -200"), null, dat, true);
        yield return new Variant("huge sample count", Replace("rec 12 500 200", "rec 12 500 2147483647"), null, dat, true);
        yield return new Variant("sample count beyond int", Replace("rec 12 500 200", "rec 12 500 99999999999999"), null, dat, true);
        yield return new Variant("more samples than stored", Replace("rec 12 500 200", "rec 12 500 201"), null, dat, true);
        yield return new Variant("fewer samples than stored", Replace("rec 12 500 200", "rec 12 500 199"), null, dat, true);
        yield return new Variant("missing dat", hea, null, null, true);
        yield return new Variant("unknown format", hea.Replace("rec.dat 16 ", "rec.dat 999 "), null, dat, true);
        yield return new Variant("format 212 over format 16 data", hea.Replace("rec.dat 16 ", "rec.dat 212 "), null, dat, true);
        yield return new Variant("one signal in another format", ReplaceFirstSignal(firstSignal.Replace("rec.dat 16 ", "rec.dat 80 ")), null, dat, true);
        yield return new Variant("NaN gain", hea.Replace("1000(0)", "NaN(0)"), null, dat, true);
        yield return new Variant("tiny gain", hea.Replace("1000(0)", "1e-300(0)"), null, dat, true);
        yield return new Variant("negative gain", hea.Replace("1000(0)", "-1000(0)"), null, dat, false);
        yield return new Variant("bad baseline", hea.Replace("1000(0)", "1000(zero)"), null, dat, true);
        yield return new Variant("huge byte offset", hea.Replace("rec.dat 16 ", "rec.dat 16+99999999999 "), null, dat, true);
        yield return new Variant("negative byte offset", hea.Replace("rec.dat 16 ", "rec.dat 16+-4 "), null, dat, true);
        yield return new Variant("zero samples per frame", hea.Replace("rec.dat 16 ", "rec.dat 16x0 "), null, dat, true);
        yield return new Variant("huge skew", hea.Replace("rec.dat 16 ", "rec.dat 16:2147483647 "), null, dat, true);
        yield return new Variant("checksum mismatch", ReplaceFirstSignal(ChangeField(firstSignal, 6, +1)), null, dat, true);
        yield return new Variant("initial value mismatch", ReplaceFirstSignal(ChangeField(firstSignal, 5, +1)), null, dat, true);
        yield return new Variant("checksum not a number", ReplaceFirstSignal(ReplaceField(firstSignal, 6, "12a")), null, dat, true);
        yield return new Variant("ADC resolution 99", ReplaceFirstSignal(ReplaceField(firstSignal, 3, "99")), null, dat, true);
        yield return new Variant("multi-segment", Replace("rec 12 500 200", "rec/2 12 500 200"), null, dat, true);
        yield return new Variant("empty header", "", null, dat, true);
        yield return new Variant("blank lines only", "\n\n  \n\t\n", null, dat, true);
        yield return new Variant("header with NULs", "\0\0\0\0\0\0", null, dat, true);
        var garbage = new byte[700];
        random.NextBytes(garbage);
        yield return new Variant("binary garbage header", "", garbage, dat, true);
        yield return new Variant("dat content as header", "", dat, dat, true);
        yield return new Variant("signal file is a folder", hea.Replace("rec.dat", "sub"), null, dat, true);
        yield return new Variant("signal file outside folder", hea.Replace("rec.dat", "../../no/such/file.dat"), null, dat, true);
    }

    private static string ReplaceField(string line, int index, string value)
    {
        var fields = line.Split(' ');
        fields[index] = value;
        return string.Join(' ', fields);
    }

    private static string ChangeField(string line, int index, int delta)
        => ReplaceField(line, index, (int.Parse(line.Split(' ')[index], System.Globalization.CultureInfo.InvariantCulture) + delta).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [TestMethod]
    public void EveryCorruptedWfdbVariantReadsOrThrowsEcgFormatException()
    {
        var variants = Variants().ToList();
        Assert.IsGreaterThanOrEqualTo(30, variants.Count);
        var problems = new List<string>();
        int failedAsExpected = 0;
        foreach (var v in variants)
        {
            using var dir = new WfdbScratchForTests();
            if (v.HeaderBytes is not null) dir.WriteBytes("rec.hea", v.HeaderBytes); else dir.WriteText("rec.hea", v.HeaderText);
            if (v.Dat is not null) dir.WriteBytes("rec.dat", v.Dat);
            Directory.CreateDirectory(dir.PathOf("sub"));
            var outcome = RunWithLimit(() => WfdbRecordReader.Read(dir.PathOf("rec")));
            switch (outcome)
            {
                case null:
                    problems.Add($"{v.Name}: did not finish within {Limit.TotalSeconds} s");
                    break;
                case EcgRecord record:
                    if (v.MustFail) problems.Add($"{v.Name}: read without error");
                    else if (record.Signal.Length != record.LeadCount * record.SampleCount) problems.Add($"{v.Name}: inconsistent record");
                    break;
                case FgClepFormatException e:
                    failedAsExpected++;
                    if (string.IsNullOrWhiteSpace(e.Problem)) problems.Add($"{v.Name}: empty problem text");
                    break;
                case Exception e:
                    problems.Add($"{v.Name}: threw {e.GetType().Name}: {e.Message}");
                    break;
            }
        }
        Assert.IsEmpty(problems, string.Join("\n", problems));
        Assert.IsGreaterThanOrEqualTo(30, failedAsExpected);
    }

    [TestMethod]
    public void EveryCorruptedMatV4VariantParsesOrThrowsEcgFormatException()
    {
        var leads = Enumerable.Range(0, 12).Select(l => Enumerable.Range(0, 40).Select(t => (short)(l * 100 - t)).ToArray()).ToArray();
        var good = MatV4WriterForTests.ChallengeVal(leads);
        var random = new Random(7);
        var variants = new List<(string Name, byte[] Bytes)>();
        foreach (var cut in new[] { 0, 1, 4, 19, 20, 21, 23, 24, 25, good.Length / 2, good.Length - 1 })
            variants.Add(($"truncated to {cut}", good[..cut]));
        for (int i = 0; i < 40; i++)
        {
            var flipped = (byte[])good.Clone();
            int at = random.Next(24);
            flipped[at] ^= (byte)random.Next(1, 256);
            variants.Add(($"header byte {at} flipped", flipped));
        }
        variants.Add(("trailing garbage", good.Concat(new byte[] { 1, 2, 3 }).ToArray()));
        var problems = new List<string>();
        foreach (var (name, bytes) in variants)
        {
            var outcome = RunWithLimit(() => MatV4Reader.Parse(bytes, "x.mat"));
            if (outcome is null) problems.Add($"{name}: did not finish");
            else if (outcome is Exception e and not FgClepFormatException) problems.Add($"{name}: threw {e.GetType().Name}: {e.Message}");
        }
        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    /// <summary>The result, the exception thrown, or null when the time limit passed.</summary>
    private static object? RunWithLimit(Func<object> action)
    {
        var task = Task.Run(() =>
        {
            try { return action(); }
            catch (Exception e) { return e; }
        });
        return task.Wait(Limit) ? task.Result : null;
    }
}
