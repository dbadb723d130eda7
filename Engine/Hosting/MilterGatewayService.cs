using Microsoft.Extensions.Hosting;
using Sift.Engine.Configuration;
using Sift.Engine.Milter;

namespace Sift.Engine.Hosting;

/// <summary>
/// The milter gateway as a hosted service: listens when the host starts; on stop, sessions in
/// flight finish within <c>sift.milter.grace-period</c> and the rest are answered tempfail.
/// <see cref="ReloadAsync"/> (SIGHUP in <c>sift serve</c>) reads the configuration file again and
/// swaps the policy without dropping sessions; a bad file is refused with its errors.
/// </summary>
public sealed class MilterGatewayService(MilterGateway gateway, SiftHostingOptions hosting) : IHostedService
{
    private readonly SemaphoreSlim _reloading = new(1, 1);

    /// <summary>The gateway.</summary>
    public MilterGateway Gateway => gateway;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => gateway.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => gateway.StopAsync();

    /// <summary>
    /// Reads <paramref name="file"/> (default: the file the host was started with) over the
    /// reference and applies its policy; returns the problems (each <c>file:line:column: what</c>
    /// or <c>sift.key: what</c>) when it is refused, in which case the running policy stays.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(string? file = null)
    {
        await _reloading.WaitAsync().ConfigureAwait(false);
        try
        {
            SiftOptions options;
            try
            {
                options = SiftConfiguration.Load(file ?? hosting.ConfigurationFile).Options;
            }
            catch (SiftConfigurationException e)
            {
                IReadOnlyList<string> errors = e.Diagnostics.Count > 0
                    ? e.Diagnostics.Select(d => d.ToString()).ToArray()
                    : [e.Message];
                gateway.Refused(errors);
                return errors;
            }
            return gateway.Reload(options);
        }
        finally
        {
            _reloading.Release();
        }
    }
}
