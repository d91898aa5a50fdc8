"""The client's address behind reverse proxies we trust. ORM-free.

A request that reaches us from a trusted proxy carries the addresses it passed through in
X-Forwarded-For, the client first and each proxy appending the address it heard from. Only the entries
added by our own proxies can be believed, so we read the list from the right, skip every trusted proxy,
and take the first address that is not one: anything to its left may have been written by the client.
A request that does not come from a trusted proxy is its own client, whatever headers it sends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks ("10.0.0.0/8", "::1"); raises ValueError naming a bad one."""
    out = []
    for item in items:
        try:
            out.append(ip_network(item.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return tuple(out)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


def client_address(remote_addr: str, forwarded_for: str, trusted: Sequence[Network]) -> str | None:
    hop = _address(remote_addr)
    if hop is None:
        return None

    def is_trusted(address: Address) -> bool:
        return any(address in network for network in trusted)

    for entry in reversed(forwarded_for.split(",") if forwarded_for else []):
        if not is_trusted(hop):
            break
        earlier = _address(entry)
        if earlier is None:  # a malformed entry: believe nothing left of it
            break
        hop = earlier
    return str(hop)
