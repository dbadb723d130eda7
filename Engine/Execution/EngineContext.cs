using Microsoft.Extensions.Logging;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>What every aggregator of an engine shares.</summary>
internal sealed class EngineContext(FilterEngineOptions options, TimeProvider time, ILogger log)
{
    public FilterEngineOptions Options { get; } = options;

    public ScoringThresholds Thresholds { get; } = options.Thresholds;

    public TimeProvider Time { get; } = time;

    public ILogger Log { get; } = log;

    public LookupTable Lookups { get; } = new();

    public EngineMetrics Metrics { get; } = new();

    /// <summary>The one timer of the batches answered on the inline path.</summary>
    public DeadlineSweep Sweep { get; } = new(time);
}
