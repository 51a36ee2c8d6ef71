using System.Text;
using System.Text.Json;

namespace Conveyor.Core.Validation;

/// <summary>
/// One size policy for task data, the same on AWS and locally. A task's input is at most <see cref="MaxInputBytes"/>
/// (the Step Functions / SQS payload limit, and it keeps a task item under DynamoDB's 400 KB); a result at most
/// <see cref="MaxResultBytes"/> (input and result then fit one item together). The API takes request bodies up to
/// <see cref="MaxRequestBodyBytes"/>. Larger data goes by reference: put it in a bucket and pass the key.
/// Sizes are UTF-8 bytes of the JSON text.
/// </summary>
public static class PayloadLimits
{
    public const int MaxInputBytes = 256 * 1024;
    public const int MaxResultBytes = 64 * 1024;
    public const int MaxRequestBodyBytes = 1024 * 1024;

    public static int SizeOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? 0 : Encoding.UTF8.GetByteCount(value.GetRawText());

    /// <exception cref="PayloadTooLargeException">The input is larger than <see cref="MaxInputBytes"/>.</exception>
    public static void EnsureInput(JsonElement input)
    {
        var size = SizeOf(input);
        if (size > MaxInputBytes)
        {
            throw new PayloadTooLargeException(
                $"The task input is {size:N0} bytes; at most {MaxInputBytes:N0} are accepted. Put large data in a bucket and pass its key instead.",
                size,
                MaxInputBytes);
        }
    }
}
