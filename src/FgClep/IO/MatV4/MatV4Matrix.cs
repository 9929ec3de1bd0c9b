namespace FgClep.IO.MatV4;

/// <summary>One real matrix from a MATLAB v4 file. Values are column-major, as MATLAB stores them.</summary>
public sealed class MatV4Matrix
{
    internal MatV4Matrix(string name, int rows, int columns, MatV4Precision precision, double[] data)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        Precision = precision;
        Data = data;
    }

    /// <summary>Variable name (e.g. <c>val</c> in PhysioNet Challenge files).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>How the values were stored in the file.</summary>
    public MatV4Precision Precision { get; }

    /// <summary>Values in column-major order: row <c>r</c>, column <c>c</c> is at <c>Data[c * Rows + r]</c>.</summary>
    public double[] Data { get; }

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Matrix '{Name}' has {Rows} rows.");
            if ((uint)column >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(column), column, $"Matrix '{Name}' has {Columns} columns.");
            return Data[(long)column * Rows + row];
        }
    }

    /// <summary>The values row by row as single precision (for an ECG <c>val</c> matrix: lead-major samples).</summary>
    public float[] ToRowMajorSingle()
    {
        var result = new float[Data.Length];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                result[(long)r * Columns + c] = (float)Data[(long)c * Rows + r];
        return result;
    }
}
