using System.Globalization;
using System.Text.Json;
using Conveyor.Core.Schedules;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Scheduling;

/// <summary>Maps schedules to and from rows (the rate is stored by its fields, rebuilt through the validating factories).</summary>
internal static class ScheduleRows
{
    public const string Columns = "name, rate_kind, rate_every, rate_hour, rate_minute, rate_at, payload, anchor_at, next_due_at";

    public static (string Name, object? Value)[] Parameters(Schedule schedule, DateTimeOffset anchor, DateTimeOffset nextDue) =>
    [
        ("$name", schedule.Name),
        ("$kind", schedule.Rate.Kind.ToString()),
        ("$every", schedule.Rate.Every),
        ("$hour", schedule.Rate.Hour),
        ("$minute", schedule.Rate.Minute),
        ("$at", schedule.Rate.At?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        ("$payload", schedule.Payload.GetRawText()),
        ("$anchor", anchor.ToUnixTimeMilliseconds()),
        ("$due", nextDue.ToUnixTimeMilliseconds()),
    ];

    public static StoredSchedule Read(SqliteDataReader reader)
    {
        var kind = Enum.Parse<ScheduleRateKind>(reader.GetString(1));
        var every = reader.GetInt32(2);
        var hour = reader.GetInt32(3);
        var minute = reader.GetInt32(4);
        var rate = kind switch
        {
            ScheduleRateKind.Single => Single(DateTime.ParseExact(reader.GetString(5), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            ScheduleRateKind.Minutes => ScheduleRate.Minutes(every),
            ScheduleRateKind.Hours => ScheduleRate.Hours(every),
            ScheduleRateKind.Days => ScheduleRate.Days(every),
            ScheduleRateKind.Daily => ScheduleRate.Daily(hour, minute),
            ScheduleRateKind.Weekdays => ScheduleRate.Weekdays(hour, minute),
            ScheduleRateKind.WeekdaysAndSaturday => ScheduleRate.WeekdaysAndSaturday(hour, minute),
            _ => throw new InvalidOperationException($"Unknown stored rate kind {kind}."),
        };
        using var payload = JsonDocument.Parse(reader.GetString(6));
        return new StoredSchedule(
            new Schedule(reader.GetString(0), rate, payload.RootElement.Clone()),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)));
    }

    private static ScheduleRate Single(DateTime at) => ScheduleRate.Single(at.Year, at.Month, at.Day, at.Hour, at.Minute);
}
