using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sift.Benchmarks.Load;

/// <summary>
/// Runs a fixed number of operations with a fixed number in flight and reports the rate; the
/// shared core of the daemon load tools (Sift's client against the daemon's own client).
/// </summary>
public static class InFlightLoad
{
    /// <summary>Runs <paramref name="total"/> operations, <paramref name="inFlight"/> at a time; returns operations per second.</summary>
    public static async Task<double> RateAsync(int total, int inFlight, Func<int, Task> operation)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total) await operation(i).ConfigureAwait(false);
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return total / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Runs a program (argv, no shell) with <paramref name="stdinFile"/> as its input; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IEnumerable<string> argv, string? stdinFile = null)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = stdinFile is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in argv) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using (var input = File.OpenRead(stdinFile)) await input.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }

    /// <summary>Writes <paramref name="count"/> messages into a fresh folder, even ones GTUBE spam, odd ones plain.</summary>
    public static string[] WriteMessages(int count)
    {
        var dir = Directory.CreateTempSubdirectory("sift-spam-load-").FullName;
        var files = new string[count];
        for (var i = 0; i < count; i++)
        {
            var spam = i % 2 == 0;
            var body = spam
                ? "Hello,\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n"
                : $"Hi Bob,\n\nNotes for meeting {i}: the quarterly figures are attached in the shared folder.\n" +
                  string.Concat(Enumerable.Repeat("The weather was fine and the trains ran on time.\n", 20));
            var text = "From: Alice Example <alice@example.com>\nTo: Bob Example <bob@example.com>\n" +
                       $"Subject: {(spam ? "Offer" : "Meeting")} {i}\nMessage-ID: <load-{i}@example.com>\n" +
                       "Date: Sun, 22 Nov 2026 03:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + body;
            files[i] = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{i:D5}.eml"));
            File.WriteAllText(files[i], text, Encoding.ASCII);
        }
        return files;
    }

    /// <summary>Reads <c>--name value</c> from <paramref name="args"/>.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The <c>--concurrency 1,4,16</c> list.</summary>
    public static int[] Concurrency(string[] args) =>
        (Option(args, "--concurrency") ?? "1,4,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Prints one result row: <c>| what | in flight | baseline/s | Sift/s | ratio |</c>.</summary>
    public static void Row(string what, int inFlight, string baselineName, double baseline, double sift) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {inFlight} | {baselineName} {baseline:0.0}/s | Sift {sift:0.0}/s | {sift / baseline:0.00}× |"));
}
