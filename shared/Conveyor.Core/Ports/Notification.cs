using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>
/// <c>{action, pk, sk, id, tenantCode, content}</c>. <see cref="Action"/> is also sent as the SNS message attribute
/// <c>action</c> for filter policies: see <see cref="NotificationActions"/>.
/// </summary>
public sealed record Notification(string Action, TaskKey Key, string TenantCode, JsonElement Content)
{
    public string Id => Key.Id;
}
