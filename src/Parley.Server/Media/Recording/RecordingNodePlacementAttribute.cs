using Orleans.Placement;
using Parley.Signaling.Delivery;

namespace Parley.Server.Media.Recording;

/// <summary>Activates a grain on the silo its key names (signaling's <see cref="SiloKeyedPlacement"/>, registered there).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class RecordingNodePlacementAttribute() : PlacementAttribute(new SiloKeyedPlacement());
