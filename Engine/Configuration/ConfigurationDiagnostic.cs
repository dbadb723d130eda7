using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Configuration;

/// <summary>One problem found in a configuration file.</summary>
/// <param name="Position">Where it is.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ConfigurationDiagnostic(HoconPosition Position, string Message)
{
    /// <summary>Formats as <c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{Position}: {Message}";

    /// <summary>The diagnostic for a reader error.</summary>
    public static ConfigurationDiagnostic From(HoconException e) => new(e.Position, e.Detail);
}

/// <summary>The configuration is unusable; <see cref="Exception.Message"/> lists every problem as <c>file:line:column: what</c>.</summary>
public sealed class SiftConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public SiftConfigurationException(IReadOnlyList<ConfigurationDiagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Creates the exception for a problem without a position (binding, environment).</summary>
    public SiftConfigurationException(string message, Exception? inner = null) : base(message, inner)
    {
        Diagnostics = [];
    }

    /// <summary>Each problem with its position.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Diagnostics { get; }
}
