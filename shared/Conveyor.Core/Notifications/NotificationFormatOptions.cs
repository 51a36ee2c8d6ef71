using Conveyor.Core.Validation;

namespace Conveyor.Core.Notifications;

/// <summary>The notification format of a deployment and the table name MBC's bodies carry in <c>table</c>.</summary>
public sealed record NotificationFormatOptions(NotificationFormat Format = NotificationFormat.Conveyor, string Table = "tasks")
{
    /// <summary>Conveyor's own format, the default.</summary>
    public static NotificationFormatOptions Default { get; } = new();

    public bool PublishesConveyor => Format is NotificationFormat.Conveyor or NotificationFormat.Both;

    public bool PublishesMbc => Format is NotificationFormat.Mbc or NotificationFormat.Both;

    /// <summary>Parses <c>conveyor</c>, <c>mbc</c> or <c>both</c> (any case); null or empty is <c>conveyor</c>.</summary>
    /// <exception cref="ValidationException">Any other value.</exception>
    public static NotificationFormat ParseFormat(string? text, string setting) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "CONVEYOR" => NotificationFormat.Conveyor,
        "MBC" => NotificationFormat.Mbc,
        "BOTH" => NotificationFormat.Both,
        _ => throw new ValidationException($"{setting} must be conveyor, mbc or both; got '{text}'.", setting),
    };

    /// <summary>The wire name of a format (<c>conveyor</c>, <c>mbc</c>), as in the SNS <c>format</c> attribute.</summary>
    public static string WireName(NotificationFormat format) => format == NotificationFormat.Mbc ? "mbc" : "conveyor";
}
