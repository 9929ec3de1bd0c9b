using Microsoft.ML;
using Microsoft.ML.Data;

namespace FgClep.PtbXlBenchmark;

/// <summary>(Signal, Report) pairs as an ML.NET data view for the pre-training estimator.</summary>
internal static class PairView
{
    private sealed class Row
    {
        public float[] Signal = Array.Empty<float>();
        public string Report = "";
    }

    public static IDataView Create(MLContext ml, IEnumerable<(float[] Signal, string Report)> pairs, int signalLength)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Signal)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalLength);
        return ml.Data.LoadFromEnumerable(pairs.Select(p => new Row { Signal = p.Signal, Report = p.Report }).ToList(), schema);
    }
}
