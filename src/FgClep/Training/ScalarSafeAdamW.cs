using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FgClep.Training;

/// <summary>
/// TorchSharp's AdamW, with the same update in the same order, whose step keeps every <see cref="Scalar"/> it hands to
/// libtorch alive until the call returns and disposes it then.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>AdamW.step</c> converts doubles to Scalars inline (<c>add_(grad, alpha: 1 - beta1)</c>). Such a
/// Scalar is unreachable once its native handle has been read, so a garbage collection started by another thread can run
/// its finalizer, which frees the native Scalar while libtorch is still reading it. A fine-tuning run crashed that way
/// after about 150 steps with "Expected false to be true" from <c>Scalar::toFloat</c>. The state and options are
/// TorchSharp's own, so checkpoints written with either class load into the other.
/// </remarks>
internal sealed class ScalarSafeAdamW : AdamW
{
    public ScalarSafeAdamW(IEnumerable<ParamGroup> groups, double learningRate, double weightDecay)
        : base(groups, learningRate, weight_decay: weightDecay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value;
        double weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        foreach (var param in group.Parameters)
        {
            if (param.grad is not { } gradient) continue;
            using var negated = maximize ? -gradient : null;
            var grad = negated ?? gradient;
            var state = (State)_state[param.Handle];
            state.step += 1;

            using var decay = (1 - lr * weightDecay).ToScalar();
            param.mul_(decay);
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);

            using (var b1 = beta1.ToScalar())
            using (var oneMinusB1 = (1 - beta1).ToScalar())
                state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
            using (var b2 = beta2.ToScalar())
            using (var oneMinusB2 = (1 - beta2).ToScalar())
                state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);

            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
            }
            using var root = (amsgrad ? state.max_exp_avg_sq : state.exp_avg_sq).sqrt();
            using var correction = Math.Sqrt(biasCorrection2).ToScalar();
            using var epsilon = eps.ToScalar();
            using var denominator = root.div(correction).add_(epsilon);
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            param.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}
