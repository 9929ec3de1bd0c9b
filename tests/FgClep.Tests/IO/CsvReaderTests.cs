using FgClep.IO;

namespace FgClep.Tests.IO;

[TestClass]
public sealed class CsvReaderTests
{
    private static CsvReader Open(string text) => new(new StringReader(text), "test.csv");

    private static List<Dictionary<string, string>> ReadAll(string text)
    {
        using var csv = Open(text);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(csv.Header.ToDictionary(h => h, h => csv[h]));
        return rows;
    }

    [TestMethod]
    public void ReadsQuotedCommasDoubledQuotesAndNewlines()
    {
        var rows = ReadAll("id,text,n\r\n1,\"a, b\",2\r\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n");
        Assert.HasCount(3, rows);
        Assert.AreEqual("a, b", rows[0]["text"]);
        Assert.AreEqual("say \"hi\"", rows[1]["text"]);
        Assert.AreEqual("two\nlines", rows[2]["text"]);
        Assert.AreEqual("4", rows[2]["n"]);
    }

    [TestMethod]
    public void AccessesColumnsByNameWhateverTheirOrder()
    {
        var a = ReadAll("x,y\n1,2\n");
        var b = ReadAll("y,x\n2,1\n");
        Assert.AreEqual(a[0]["x"], b[0]["x"]);
        Assert.AreEqual(a[0]["y"], b[0]["y"]);
    }

    [TestMethod]
    public void SkipsUtf8BomInFiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"csv-bom-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "code,name\nA,alpha\n", new System.Text.UTF8Encoding(true));
        try
        {
            using var csv = CsvReader.Open(path);
            Assert.IsTrue(csv.HasColumn("code"));
            Assert.IsTrue(csv.Read());
            Assert.AreEqual("A", csv["code"]);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TracksLineNumbersAcrossQuotedNewlines()
    {
        using var csv = Open("a,b\n1,\"x\ny\"\n2,z\n");
        Assert.IsTrue(csv.Read());
        Assert.AreEqual(2, csv.RowLine);
        Assert.IsTrue(csv.Read());
        Assert.AreEqual(4, csv.RowLine);
        Assert.IsFalse(csv.Read());
    }

    [TestMethod]
    public void EmptyFieldsAndBlankLinesAndMissingFinalNewline()
    {
        var rows = ReadAll("a,b,c\n,,\n\n1,\"\",3");
        Assert.HasCount(2, rows);
        Assert.AreEqual("", rows[0]["b"]);
        Assert.AreEqual("", rows[1]["b"]);
        Assert.AreEqual("3", rows[1]["c"]);
    }

    [TestMethod]
    public void WrongFieldCountNamesFileLineExpectedAndFound()
    {
        using var csv = Open("a,b,c\n1,2,3\n4,5\n");
        Assert.IsTrue(csv.Read());
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => csv.Read());
        Assert.AreEqual("test.csv", ex.FilePath);
        Assert.AreEqual("line 3", ex.Location);
        StringAssert.Contains(ex.Message, "expected 3 fields");
        StringAssert.Contains(ex.Message, "found 2");
    }

    [TestMethod]
    public void UnterminatedQuoteIsAnErrorNotAHang()
    {
        using var csv = Open("a,b\n1,\"never closed\n2,3\n");
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => csv.Read());
        Assert.AreEqual("line 2", ex.Location);
        StringAssert.Contains(ex.Message, "closing quote");
    }

    [TestMethod]
    public void TextAfterClosingQuoteIsAnError()
    {
        using var csv = Open("a,b\n\"x\"y,1\n");
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => csv.Read());
        StringAssert.Contains(ex.Message, "found 'y'");
    }

    [TestMethod]
    public void UnknownOrDuplicateColumnNameIsAnError()
    {
        using var csv = Open("a,b,a\n1,2,3\n");
        Assert.IsTrue(csv.Read());
        Assert.AreEqual("2", csv["b"]);
        StringAssert.Contains(Assert.ThrowsExactly<FgClepFormatException>(() => _ = csv["zz"]).Message, "'zz'");
        StringAssert.Contains(Assert.ThrowsExactly<FgClepFormatException>(() => _ = csv["a"]).Message, "found several");
    }

    [TestMethod]
    public void EmptyFileIsAnError()
        => Assert.ThrowsExactly<FgClepFormatException>(() => Open(""));

    [TestMethod]
    public void MissingFileNamesThePath()
    {
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => CsvReader.Open("/nonexistent/x.csv"));
        StringAssert.Contains(ex.Message, "/nonexistent/x.csv");
    }

    [TestMethod]
    public void TypedGettersParseAndReject()
    {
        using var csv = Open("i,f,flag\n15709.0,,True\n1.5,nan,maybe\n");
        Assert.IsTrue(csv.Read());
        Assert.AreEqual(15709, csv.GetInt32("i"));
        Assert.IsNull(csv.GetDoubleOrNull("f"));
        Assert.IsTrue(csv.GetFlag("flag"));
        Assert.IsTrue(csv.Read());
        Assert.ThrowsExactly<FgClepFormatException>(() => csv.GetInt32("i"));
        Assert.IsNull(csv.GetDoubleOrNull("f"));
        Assert.ThrowsExactly<FgClepFormatException>(() => csv.GetFlag("flag"));
    }
}
