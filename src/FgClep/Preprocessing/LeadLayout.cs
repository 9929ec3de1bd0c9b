using FgClep.IO;

namespace FgClep.Preprocessing;

/// <summary>
/// Reorders a record's leads by <em>name</em> into a target order (by default the standard 12 leads).
/// Leads the record lacks are zero-filled and flagged in <see cref="LeadMask"/>; they are never filled by
/// shuffling other leads into their place. Unknown lead names are an error unless
/// <c>ignoreUnknownLeads</c> is set (e.g. the Frank leads of the PTB database).
/// </summary>
public sealed class LeadLayout
{
    private readonly int[] _sourceIndex; // target lead -> source lead index, or -1 when missing

    private LeadLayout(IReadOnlyList<string> targetLeads, int[] sourceIndex, IReadOnlyList<string> ignored)
    {
        TargetLeads = targetLeads;
        _sourceIndex = sourceIndex;
        LeadMask = sourceIndex.Select(i => i >= 0).ToArray();
        IgnoredSourceLeads = ignored;
    }

    /// <summary>The target lead order.</summary>
    public IReadOnlyList<string> TargetLeads { get; }

    /// <summary>For each target lead, whether the source provides it (false = zero-filled).</summary>
    public IReadOnlyList<bool> LeadMask { get; }

    /// <summary>Source leads that are not part of the target layout and were dropped.</summary>
    public IReadOnlyList<string> IgnoredSourceLeads { get; }

    /// <summary>Number of target leads the source provides.</summary>
    public int PresentLeadCount => LeadMask.Count(p => p);

    /// <summary>Builds the mapping from <paramref name="sourceLeads"/> to <paramref name="targetLeads"/> (default: the standard 12).</summary>
    /// <exception cref="ArgumentException">A source lead name is not recognised (and <paramref name="ignoreUnknownLeads"/> is false),
    /// or two source leads map to the same standard lead.</exception>
    public static LeadLayout Create(IReadOnlyList<string> sourceLeads, IReadOnlyList<string>? targetLeads = null, bool ignoreUnknownLeads = false)
    {
        ArgumentNullException.ThrowIfNull(sourceLeads);
        targetLeads ??= StandardLeads.Twelve;
        var targetPosition = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < targetLeads.Count; t++)
        {
            var canonical = StandardLeads.TryNormalize(targetLeads[t], out var std) ? std : targetLeads[t];
            targetPosition[canonical] = t;
        }

        var sourceIndex = Enumerable.Repeat(-1, targetLeads.Count).ToArray();
        var ignored = new List<string>();
        for (int s = 0; s < sourceLeads.Count; s++)
        {
            var name = sourceLeads[s];
            var canonical = StandardLeads.TryNormalize(name, out var std) ? std : name.Trim();
            if (!targetPosition.TryGetValue(canonical, out var t))
            {
                if (ignoreUnknownLeads || StandardLeads.TryNormalize(name, out _)) { ignored.Add(name); continue; }
                throw new ArgumentException(
                    $"Unknown lead name '{name}' (lead {s + 1} of {sourceLeads.Count}); expected one of {string.Join(", ", targetLeads)} or a common alias.",
                    nameof(sourceLeads));
            }
            if (sourceIndex[t] >= 0)
                throw new ArgumentException(
                    $"Leads '{sourceLeads[sourceIndex[t]]}' and '{name}' both map to lead {targetLeads[t]}.", nameof(sourceLeads));
            sourceIndex[t] = s;
        }
        return new LeadLayout(targetLeads.ToArray(), sourceIndex, ignored);
    }

    /// <summary>Copies a lead-major signal with the source's lead order into the target order; missing leads are zeros.</summary>
    public float[] Apply(ReadOnlySpan<float> sourceSignal, int sampleCount)
    {
        var result = new float[TargetLeads.Count * sampleCount];
        for (int t = 0; t < _sourceIndex.Length; t++)
        {
            int s = _sourceIndex[t];
            if (s < 0) continue;
            if ((s + 1) * sampleCount > sourceSignal.Length)
                throw new ArgumentException($"Source signal has {sourceSignal.Length} values, too few for lead {s + 1} × {sampleCount} samples.", nameof(sourceSignal));
            sourceSignal.Slice(s * sampleCount, sampleCount).CopyTo(result.AsSpan(t * sampleCount, sampleCount));
        }
        return result;
    }

    /// <summary>Returns a copy of <paramref name="record"/> with its leads in the target order (lead names = target names).</summary>
    public static EcgRecord Reorder(EcgRecord record, IReadOnlyList<string>? targetLeads = null, bool ignoreUnknownLeads = false)
    {
        var layout = Create(record.LeadNames, targetLeads, ignoreUnknownLeads);
        var signal = layout.Apply(record.Signal, record.SampleCount);
        var metadata = new Dictionary<string, string>(record.Metadata);
        if (layout.PresentLeadCount < layout.TargetLeads.Count)
            metadata["MissingLeads"] = string.Join(" ", layout.TargetLeads.Where((_, i) => !layout.LeadMask[i]));
        return new EcgRecord(record.RecordId, signal, layout.TargetLeads, record.SamplingRate)
        {
            Report = record.Report,
            Labels = record.Labels,
            Split = record.Split,
            Units = record.Units,
            Metadata = metadata,
        };
    }
}
