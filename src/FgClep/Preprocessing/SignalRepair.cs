namespace FgClep.Preprocessing;

/// <summary>Replaces NaN and ±∞ samples by linear interpolation between the nearest finite neighbours.</summary>
internal static class SignalRepair
{
    /// <summary>
    /// Repairs <paramref name="lead"/> in place and returns how many samples were replaced. Runs at the start or end
    /// take the nearest finite value. A lead with no finite sample becomes all zeros (<paramref name="empty"/> = true).
    /// </summary>
    public static int Repair(Span<float> lead, out bool empty)
    {
        empty = false;
        int replaced = 0, previous = -1, n = lead.Length;
        for (int i = 0; i < n; i++)
        {
            if (float.IsFinite(lead[i]))
            {
                if (i - previous > 1) replaced += Fill(lead, previous, i);
                previous = i;
            }
        }
        if (previous < 0)
        {
            empty = n > 0;
            lead.Clear();
            return n;
        }
        if (previous < n - 1) replaced += Fill(lead, previous, n);
        return replaced;
    }

    /// <summary>Fills the gap strictly between <paramref name="left"/> and <paramref name="right"/> (−1 and n mean open ends).</summary>
    private static int Fill(Span<float> lead, int left, int right)
    {
        float a = left >= 0 ? lead[left] : lead[right];
        float b = right < lead.Length ? lead[right] : lead[left];
        for (int i = left + 1; i < right; i++)
        {
            double t = (double)(i - left) / (right - left);
            lead[i] = (float)(a + (b - a) * t);
        }
        return right - left - 1;
    }
}
