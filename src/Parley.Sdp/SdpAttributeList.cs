using System.Collections.ObjectModel;

namespace Parley.Sdp;

/// <summary>
/// The <c>a=</c> lines of a session or media section, in wire order (order matters: e.g. rtpmap order is the
/// codec preference, candidates are tried in order). Attribute names compare case-sensitively, as browsers emit them.
/// </summary>
public sealed class SdpAttributeList : Collection<SdpAttribute>
{
    public SdpAttributeList()
    {
    }

    public SdpAttributeList(IEnumerable<SdpAttribute> attributes)
        : base(attributes.ToList())
    {
    }

    /// <summary>Appends <c>a=name</c> or <c>a=name:value</c>.</summary>
    public void Add(string name, string? value = null) => Add(new SdpAttribute(name, value));

    /// <summary>True when at least one attribute is called <paramref name="name"/> (with or without a value).</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of the first attribute called <paramref name="name"/>; null when absent or value-less.</summary>
    public string? GetValue(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : this[index].Value;
    }

    /// <summary>The values of every attribute called <paramref name="name"/>, in order (value-less ones are skipped).</summary>
    public IEnumerable<string> GetValues(string name)
    {
        foreach (var attribute in this)
        {
            if (attribute.Name == name && attribute.Value is not null)
            {
                yield return attribute.Value;
            }
        }
    }

    /// <summary>Replaces the first <paramref name="name"/> attribute in place (keeping its position), removes the others, or appends.</summary>
    public void Set(string name, string? value = null)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            Add(name, value);
            return;
        }

        this[index] = new SdpAttribute(name, value);
        for (var i = Count - 1; i > index; i--)
        {
            if (this[i].Name == name)
            {
                RemoveAt(i);
            }
        }
    }

    /// <summary>Removes every attribute called <paramref name="name"/>; returns how many were removed.</summary>
    public int RemoveAll(string name)
    {
        var removed = 0;
        for (var i = Count - 1; i >= 0; i--)
        {
            if (this[i].Name == name)
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
