using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// The memory one recvmmsg(2)/sendmmsg(2) batch moves through: for each of <see cref="Capacity"/> messages a
/// datagram slot of <see cref="SlotLength"/> bytes, a sockaddr_storage for the peer's address, an iovec pointing at
/// the slot, and an mmsghdr. Every array is allocated pinned on the POH, so the addresses baked into the iovecs and
/// headers never move. Owned by one <see cref="BatchedReceiver"/> or <see cref="SendBatch"/>, so by one loop thread.
/// </summary>
internal sealed unsafe class MessageSlots
{
    private readonly byte[] _slab;
    private readonly byte[] _names;
    private readonly IoVector[] _vectors;
    private readonly MultiMessageHeader[] _headers;

    public MessageSlots(int capacity, int slotLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotLength);
        Capacity = capacity;
        SlotLength = slotLength;
        _slab = GC.AllocateArray<byte>(capacity * slotLength, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * LinuxSocketNative.SockaddrStorageLength, pinned: true);
        _vectors = GC.AllocateArray<IoVector>(capacity, pinned: true);
        _headers = GC.AllocateArray<MultiMessageHeader>(capacity, pinned: true);

        byte* slab = AddressOf(_slab);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i].Base = slab + ((nint)i * slotLength);
            _vectors[i].Length = (nuint)slotLength;
        }
    }

    public int Capacity { get; }

    public int SlotLength { get; }

    /// <summary>Slot <paramref name="index"/>'s whole buffer.</summary>
    public Span<byte> Slot(int index) => _slab.AsSpan(index * SlotLength, SlotLength);

    /// <summary>Slot <paramref name="index"/>'s sockaddr_storage.</summary>
    public Span<byte> Name(int index) =>
        _names.AsSpan(index * LinuxSocketNative.SockaddrStorageLength, LinuxSocketNative.SockaddrStorageLength);

    public byte* NameAddress(int index) => AddressOf(_names) + ((nint)index * LinuxSocketNative.SockaddrStorageLength);

    /// <summary>Slot <paramref name="index"/>'s iovec; its base is fixed, its length is the caller's to set.</summary>
    public ref IoVector Vector(int index) => ref _vectors[index];

    public IoVector* VectorAddress(int index) => AddressOf(_vectors) + index;

    public ref MultiMessageHeader Header(int index) => ref _headers[index];

    public MultiMessageHeader* HeaderAddress(int index) => AddressOf(_headers) + index;

    /// <summary>The address of a pinned array's first element (valid for its lifetime: POH arrays never move).</summary>
    public static T* AddressOf<T>(T[] pinnedArray) where T : unmanaged =>
        (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedArray));
}
