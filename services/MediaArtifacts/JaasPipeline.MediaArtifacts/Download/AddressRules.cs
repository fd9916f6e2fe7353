using System.Net;
using System.Net.Sockets;

namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>Addresses a link from the internet must never make us connect to: our own machine and networks.</summary>
public static class AddressRules
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), // CGNAT
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), // link-local, incl. 169.254.169.254 (cloud metadata)
        IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"), // multicast, reserved
    ];

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/32"), // Teredo: tunnels to an IPv4 address we cannot see
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    /// <summary>Why the address is refused, or null if it is a public unicast address.</summary>
    public static string? RefusalOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return RefusalOf(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            foreach (var net in RefusedV4)
            {
                if (net.Contains(address))
                {
                    return $"{address} is in {net}";
                }
            }

            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address";
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || V4Compatible.Contains(address))
        {
            return RefusalOf(new IPAddress(bytes[12..16]));
        }

        if (SixToFour.Contains(address))
        {
            return RefusalOf(new IPAddress(bytes[2..6]));
        }

        foreach (var net in RefusedV6)
        {
            if (net.Contains(address))
            {
                return $"{address} is in {net}";
            }
        }

        return null;
    }
}
