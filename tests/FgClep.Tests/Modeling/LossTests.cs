using FgClep.Modeling.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace FgClep.Tests.Modeling;

[TestClass]
public sealed class LossTests
{
    private static readonly double[] Ecg3x2 = [0.8, -0.6, 0.28, 0.96, -0.5, 0.3];
    private static readonly double[] Text3x2 = [0.6, 0.8, -0.96, 0.28, 0.1, -0.9];

    private static Tensor Matrix(double[] values, int rows, bool grad = false, ScalarType dtype = ScalarType.Float64)
    {
        var m = tensor(values, [rows, values.Length / rows], dtype);
        return grad ? m.requires_grad_() : m;
    }

    private static Tensor Scalar(double value, bool grad = false) => tensor(value, ScalarType.Float64, requires_grad: grad);

    // ---- plain double references, independent of torch ----

    private static double Dot(double[] a, int i, double[] b, int j, int p)
    {
        var s = 0.0;
        for (var k = 0; k < p; k++) s += a[i * p + k] * b[j * p + k];
        return s;
    }

    private static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));

    private static double SigLip(double[] e, double[] t, int b, double scale, double bias)
    {
        var p = e.Length / b;
        var sum = 0.0;
        for (var i = 0; i < b; i++)
            for (var j = 0; j < b; j++)
                sum += LogSigmoid((i == j ? 1 : -1) * (Math.Exp(scale) * Dot(e, i, t, j, p) + bias));
        return -sum / b;
    }

    private static double Fnm(double[] e, double[] t, double[] sourceOfS, int b)
    {
        var p = e.Length / b;
        var sum = 0.0;
        for (var i = 0; i < b; i++)
            for (var j = 0; j < b; j++)
                sum += Math.Abs(Dot(e, i, t, j, p) - Dot(sourceOfS, i, sourceOfS, j, p));
        return sum / b;
    }

    private static double InfoNce(double[] e, double[] t, int b, double scale)
    {
        var p = e.Length / b;
        double RowTerm(int i, bool transposed)
        {
            double Logit(int r, int c) => Math.Exp(scale) * (transposed ? Dot(e, c, t, r, p) : Dot(e, r, t, c, p));
            var max = Enumerable.Range(0, b).Max(c => Logit(i, c));
            var lse = max + Math.Log(Enumerable.Range(0, b).Sum(c => Math.Exp(Logit(i, c) - max)));
            return lse - Logit(i, i);
        }
        var rows = Enumerable.Range(0, b).Average(i => RowTerm(i, false));
        var cols = Enumerable.Range(0, b).Average(i => RowTerm(i, true));
        return (rows + cols) / 2;
    }

    // ---- values ----

    [TestMethod]
    public void SigmoidLossMatchesHandComputedValueForOrthogonalPairs()
    {
        // t = 10, b = -10: diagonal logits 0, off-diagonal -10 → (2·log 2 + 2·log(1 + e^-10)) / 2.
        using var e = Matrix([1, 0, 0, 1], 2);
        using var t = Matrix([1, 0, 0, 1], 2);
        using var loss = SigmoidContrastiveLoss.Compute(e, t, Scalar(Math.Log(10)), Scalar(-10));
        Assert.AreEqual(Math.Log(2) + Math.Log(1 + Math.Exp(-10)), loss.item<double>(), 1e-12);
        Assert.AreEqual(0.6931926, loss.item<double>(), 1e-7);
    }

    [TestMethod]
    public void SigmoidLossMatchesDoubleReference()
    {
        using var loss = SigmoidContrastiveLoss.Compute(Matrix(Ecg3x2, 3, dtype: ScalarType.Float32), Matrix(Text3x2, 3, dtype: ScalarType.Float32),
            tensor(1.3f), tensor(-2.5f));
        Assert.AreEqual(ScalarType.Float32, loss.dtype);
        Assert.AreEqual(SigLip(Ecg3x2, Text3x2, 3, 1.3, -2.5), loss.item<float>(), 1e-5);
    }

    [TestMethod]
    public void SigmoidLossPromotesHalfPrecisionInputsToFloat32()
    {
        using var loss = SigmoidContrastiveLoss.Compute(Matrix(Ecg3x2, 3, dtype: ScalarType.Float16), Matrix(Text3x2, 3, dtype: ScalarType.Float16),
            tensor(1.3f), tensor(-2.5f));
        Assert.AreEqual(ScalarType.Float32, loss.dtype);
        Assert.AreEqual(SigLip(Ecg3x2, Text3x2, 3, 1.3, -2.5), loss.item<float>(), 2e-3);
    }

    [TestMethod]
    public void SigmoidLossIsFiniteAtLogitMagnitude1000()
    {
        // Identical rows, t = 1000, b = 0: diagonal logits +1000 (loss 0), off-diagonal +1000 with z = -1 (loss 1000 each).
        using var e = tensor(new float[] { 1, 0, 1, 0 }, [2, 2], requires_grad: true);
        using var t = tensor(new float[] { 1, 0, 1, 0 }, [2, 2], requires_grad: true);
        using var scale = tensor((float)Math.Log(1000), requires_grad: true);
        using var bias = tensor(0f, requires_grad: true);
        using var loss = SigmoidContrastiveLoss.Compute(e, t, scale, bias);
        Assert.AreEqual(1000.0, loss.item<float>(), 1e-2);
        loss.backward();
        foreach (var g in new[] { e.grad!, t.grad!, scale.grad!, bias.grad! })
            Assert.IsTrue(g.isfinite().all().item<bool>(), "gradient must stay finite");

        // And the other sign: every logit -1000.
        using var far = SigmoidContrastiveLoss.Compute(Matrix([1, 0, 1, 0], 2, dtype: ScalarType.Float32),
            Matrix([-1, 0, -1, 0], 2, dtype: ScalarType.Float32), tensor((float)Math.Log(1000)), tensor(0f));
        Assert.AreEqual(1000.0, far.item<float>(), 1e-2);
    }

    [TestMethod]
    public void FnmMatchesHandComputedValue()
    {
        // S = [[1, .6], [.6, 1]], C = [[.6, 1], [.8, 0]] → Σ|C − S| = 2, / B = 1.
        using var loss = FalseNegativeMitigationLoss.Compute(Matrix([1, 0, 0, 1], 2), Matrix([0.6, 0.8, 1, 0], 2));
        Assert.AreEqual(1.0, loss.item<double>(), 1e-12);
    }

    [TestMethod]
    public void FnmMatchesDoubleReference()
    {
        using var loss = FalseNegativeMitigationLoss.Compute(Matrix(Ecg3x2, 3, dtype: ScalarType.Float32), Matrix(Text3x2, 3, dtype: ScalarType.Float32));
        Assert.AreEqual(Fnm(Ecg3x2, Text3x2, Text3x2, 3), loss.item<float>(), 1e-5);
    }

    [TestMethod]
    public void FnmHasNoGradientThroughReportSimilarity()
    {
        using var e = Matrix(Ecg3x2, 3, grad: true);
        using var t = Matrix(Text3x2, 3, grad: true);
        using var loss = FalseNegativeMitigationLoss.Compute(e, t);
        loss.backward();

        // Through C only: dL/dt_j = (1/B) Σ_i sign(C_ij − S_ij) e_i.
        var grad = t.grad!.data<double>().ToArray();
        for (var j = 0; j < 3; j++)
        {
            for (var k = 0; k < 2; k++)
            {
                var expected = 0.0;
                for (var i = 0; i < 3; i++)
                    expected += Math.Sign(Dot(Ecg3x2, i, Text3x2, j, 2) - Dot(Text3x2, i, Text3x2, j, 2)) * Ecg3x2[i * 2 + k];
                Assert.AreEqual(expected / 3, grad[j * 2 + k], 1e-12, $"text gradient [{j},{k}]");
            }
        }
    }

    [TestMethod]
    public void InfoNceMatchesHandComputedValue()
    {
        // logits = I: each cross-entropy term is log(1 + e^-1).
        using var loss = InfoNceLoss.Compute(Matrix([1, 0, 0, 1], 2), Matrix([1, 0, 0, 1], 2), Scalar(0));
        Assert.AreEqual(Math.Log(1 + Math.Exp(-1)), loss.item<double>(), 1e-12);
    }

    [TestMethod]
    public void InfoNceMatchesDoubleReference()
    {
        using var loss = InfoNceLoss.Compute(Matrix(Ecg3x2, 3, dtype: ScalarType.Float32), Matrix(Text3x2, 3, dtype: ScalarType.Float32), tensor(2.0f));
        Assert.AreEqual(InfoNce(Ecg3x2, Text3x2, 3, 2.0), loss.item<float>(), 1e-5);
    }

    // ---- finite-difference gradient checks (float64) ----

    private static void AssertGradientMatches(Tensor autograd, double[] point, Func<double[], double> f, string what)
    {
        const double h = 1e-6;
        var actual = autograd.data<double>().ToArray();
        Assert.HasCount(point.Length, actual);
        for (var n = 0; n < point.Length; n++)
        {
            var plus = (double[])point.Clone();
            var minus = (double[])point.Clone();
            plus[n] += h;
            minus[n] -= h;
            var numeric = (f(plus) - f(minus)) / (2 * h);
            Assert.AreEqual(numeric, actual[n], 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{what}[{n}]");
        }
    }

    private static double Eval(Func<Tensor> loss)
    {
        using var l = loss();
        return l.item<double>();
    }

    [TestMethod]
    public void SigmoidLossGradientMatchesCentralDifferences()
    {
        const double s = 0.7, b = -1.2;
        using var e = Matrix(Ecg3x2, 3, grad: true);
        using var t = Matrix(Text3x2, 3, grad: true);
        using var scale = Scalar(s, grad: true);
        using var bias = Scalar(b, grad: true);
        using var loss = SigmoidContrastiveLoss.Compute(e, t, scale, bias);
        loss.backward();

        AssertGradientMatches(e.grad!, Ecg3x2, x => Eval(() => SigmoidContrastiveLoss.Compute(Matrix(x, 3), Matrix(Text3x2, 3), Scalar(s), Scalar(b))), "ecg");
        AssertGradientMatches(t.grad!, Text3x2, x => Eval(() => SigmoidContrastiveLoss.Compute(Matrix(Ecg3x2, 3), Matrix(x, 3), Scalar(s), Scalar(b))), "text");
        AssertGradientMatches(scale.grad!, [s], x => Eval(() => SigmoidContrastiveLoss.Compute(Matrix(Ecg3x2, 3), Matrix(Text3x2, 3), Scalar(x[0]), Scalar(b))), "scale");
        AssertGradientMatches(bias.grad!, [b], x => Eval(() => SigmoidContrastiveLoss.Compute(Matrix(Ecg3x2, 3), Matrix(Text3x2, 3), Scalar(s), Scalar(x[0]))), "bias");
    }

    [TestMethod]
    public void FnmGradientMatchesCentralDifferencesWithReportSimilarityHeldFixed()
    {
        using var e = Matrix(Ecg3x2, 3, grad: true);
        using var t = Matrix(Text3x2, 3, grad: true);
        using var loss = FalseNegativeMitigationLoss.Compute(e, t);
        loss.backward();

        AssertGradientMatches(e.grad!, Ecg3x2, x => Eval(() => FalseNegativeMitigationLoss.Compute(Matrix(x, 3), Matrix(Text3x2, 3))), "ecg");
        // S is a constant of the loss, so the text gradient is that of the reference with S built from the unperturbed texts.
        AssertGradientMatches(t.grad!, Text3x2, x => Fnm(Ecg3x2, x, Text3x2, 3), "text");

        // Differentiating through S as well would give a different gradient: the detach is real.
        const double h = 1e-6;
        var plus = (double[])Text3x2.Clone();
        var minus = (double[])Text3x2.Clone();
        plus[0] += h;
        minus[0] -= h;
        var throughS = (Fnm(Ecg3x2, plus, plus, 3) - Fnm(Ecg3x2, minus, minus, 3)) / (2 * h);
        Assert.IsGreaterThan(1e-3, Math.Abs(throughS - t.grad!.data<double>()[0]));
    }

    [TestMethod]
    public void InfoNceGradientMatchesCentralDifferences()
    {
        const double s = 1.1;
        using var e = Matrix(Ecg3x2, 3, grad: true);
        using var t = Matrix(Text3x2, 3, grad: true);
        using var scale = Scalar(s, grad: true);
        using var loss = InfoNceLoss.Compute(e, t, scale);
        loss.backward();

        AssertGradientMatches(e.grad!, Ecg3x2, x => Eval(() => InfoNceLoss.Compute(Matrix(x, 3), Matrix(Text3x2, 3), Scalar(s))), "ecg");
        AssertGradientMatches(t.grad!, Text3x2, x => Eval(() => InfoNceLoss.Compute(Matrix(Ecg3x2, 3), Matrix(x, 3), Scalar(s))), "text");
        AssertGradientMatches(scale.grad!, [s], x => Eval(() => InfoNceLoss.Compute(Matrix(Ecg3x2, 3), Matrix(Text3x2, 3), Scalar(x[0]))), "scale");
    }

    [TestMethod]
    public void MismatchedShapesAreRejected()
    {
        using var e = zeros(3, 2);
        using var t = zeros(2, 2);
        Assert.ThrowsExactly<ArgumentException>(() => SigmoidContrastiveLoss.Compute(e, t, tensor(0f), tensor(0f)));
        Assert.ThrowsExactly<ArgumentException>(() => FalseNegativeMitigationLoss.Compute(e, t));
        Assert.ThrowsExactly<ArgumentException>(() => InfoNceLoss.Compute(e, t, tensor(0f)));
        using var e2 = zeros(2, 2);
        Assert.ThrowsExactly<ArgumentException>(() => SigmoidContrastiveLoss.Compute(e2, t, zeros(2), tensor(0f)));
    }
}
