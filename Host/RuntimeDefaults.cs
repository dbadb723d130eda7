using System.Reflection;

namespace Sift.Host;

/// <summary>
/// Runtime settings the <c>sift</c> executable chooses for itself before anything else runs. The
/// thread pool's spin limit is in the runtimeconfig (Host.csproj); socket completions inline is an
/// environment variable that the socket engine reads once, when the first socket is made, so it is
/// set here at process start — unless the environment already says otherwise.
/// </summary>
internal static class RuntimeDefaults
{
    /// <summary>
    /// With "1", the socket engine runs an I/O completion on its own event thread instead of queueing
    /// it to the thread pool: one hand-off less per milter packet. A milter callback that blocks would
    /// hold the event thread, which is why Sift's callbacks never block.
    /// </summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets the defaults that the environment leaves unset; returns what it set.</summary>
    public static IReadOnlyList<string> Apply() =>
        Apply(Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);

    /// <summary>The same over any environment (for tests).</summary>
    public static IReadOnlyList<string> Apply(Func<string, string?> get, Action<string, string> set)
    {
        var applied = new List<string>();
        if (get(InlineCompletions) is null)
        {
            set(InlineCompletions, "1");
            applied.Add($"{InlineCompletions}=1");
        }
        return applied;
    }

    /// <summary>
    /// Whether the socket engine of this process really runs completions inline: it reads the variable
    /// once, into a private static field; null when this runtime has no such field (nothing to report).
    /// </summary>
    public static bool? InlineCompletionsInEffect()
    {
        var engine = typeof(System.Net.Sockets.Socket).Assembly.GetType("System.Net.Sockets.SocketAsyncEngine");
        var field = engine?.GetField("InlineSocketCompletionsEnabled", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
        return field?.GetValue(null) as bool?;
    }

    /// <summary>
    /// How long an idle thread-pool worker of this process spins before it sleeps, as the pool's
    /// semaphore holds it (runtimeconfig, or the environment's <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c>,
    /// which wins and is read as hexadecimal); null when this runtime has no such field.
    /// </summary>
    public static int? SpinLimitInEffect()
    {
        const BindingFlags Static = BindingFlags.NonPublic | BindingFlags.Static;
        const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Instance;
        var worker = typeof(ThreadPool).Assembly.GetType("System.Threading.PortableThreadPool+WorkerThread");
        var semaphore = worker?.GetField("s_semaphore", Static)?.GetValue(null);
        return semaphore?.GetType().GetField("_spinCount", Instance)?.GetValue(semaphore) as int?;
    }
}
