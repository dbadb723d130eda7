using System.Text;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;

namespace Sift.Engine.Tests.Protocols.Clamd;

/// <summary>The signatures test-env/servers/clamd.sh loads, and clients for the real daemon.</summary>
internal static class ClamdTestData
{
    /// <summary>The EICAR anti-virus test file (68 bytes), matched by an .hdb MD5 signature.</summary>
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public const string EicarName = "Sift.Test.Eicar.UNOFFICIAL";
    public const string CustomName = "Sift.Test.Custom.UNOFFICIAL";

    public static byte[] EicarBytes => Encoding.ASCII.GetBytes(Eicar);

    /// <summary>A small mail that carries the custom body signature somewhere in its body.</summary>
    public static byte[] MessageWithCustomSignature()
        => Encoding.ASCII.GetBytes(
            "From: a@example.test\r\nTo: b@example.test\r\nSubject: custom\r\n\r\nHello,\r\n"
            + TestEnv.Require("SIFT_TEST_CLAMD_CUSTOM") + "\r\nBye.\r\n");

    public static byte[] CleanMessage()
        => Encoding.ASCII.GetBytes("From: a@example.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\nNothing to see here.\r\n");

    public static EndpointAddress Tcp() => EndpointAddress.Parse(TestEnv.Require("SIFT_TEST_CLAMD_TCP"));

    public static EndpointAddress Unix() => EndpointAddress.Parse("unix:" + TestEnv.Require("SIFT_TEST_CLAMD_UNIX"));

    public static ClamdClient Client(EndpointAddress address, TimeSpan? timeout = null, int chunkSize = 64 * 1024)
        => new(new ClamdClientOptions { Address = address, Timeout = timeout ?? TimeSpan.FromSeconds(10), ChunkSize = chunkSize });

    public static IEnumerable<object[]> Transports() => [["unix"], ["tcp"]];

    public static ClamdClient ClientFor(string transport) => Client(transport == "unix" ? Unix() : Tcp());
}
