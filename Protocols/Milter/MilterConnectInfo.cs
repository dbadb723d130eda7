namespace Sift.Protocols.Milter;

/// <summary>Address family of the SMTP client in the connect command.</summary>
public enum MilterAddressFamily : byte
{
    /// <summary><c>SMFIA_UNKNOWN</c> ('U'): no port or address follows.</summary>
    Unknown = (byte)'U',
    /// <summary><c>SMFIA_UNIX</c> ('L'): a local socket; the address is a path.</summary>
    Unix = (byte)'L',
    /// <summary><c>SMFIA_INET</c> ('4').</summary>
    Inet = (byte)'4',
    /// <summary><c>SMFIA_INET6</c> ('6').</summary>
    Inet6 = (byte)'6',
}

/// <summary>The SMTP client as the MTA describes it in the connect command.</summary>
/// <param name="HostName">The client's host name (or "[address]" when it has none).</param>
/// <param name="Family">The address family.</param>
/// <param name="Port">The client's port (0 for local and unknown).</param>
/// <param name="Address">The address text ("" for unknown; IPv6 addresses may carry an "IPv6:" prefix).</param>
public sealed record MilterConnectInfo(string HostName, MilterAddressFamily Family, ushort Port, string Address);
