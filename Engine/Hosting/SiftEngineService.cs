using Microsoft.Extensions.Hosting;

namespace Sift.Engine.Hosting;

/// <summary>Starts the engine (and its actor system) with the host and stops it last.</summary>
internal sealed class SiftEngineService(FilterEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Hosted services stop in reverse order: the milter gateway (registered after) has drained by now.
    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync().ConfigureAwait(false);
}
