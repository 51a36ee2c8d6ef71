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
/// <remarks>
/// A step-function task's input is the list of its subtasks' inputs: each item becomes one subtask and is held to
/// <see cref="MaxInputBytes"/>, the list as a whole to <see cref="MaxStepFunctionInputBytes"/>. The list itself never
/// travels as a payload — the workflow reads a manifest from the artifacts bucket, and the DynamoDB store moves an
/// input over 350 KiB to S3 — so a 100,000-row CSV import (about 5 MB) is one task. Through the API it is bounded by
/// <see cref="MaxRequestBodyBytes"/> anyway.
/// </remarks>
public static class PayloadLimits
{
    public const int MaxInputBytes = 256 * 1024;
    public const int MaxResultBytes = 64 * 1024;
    public const int MaxRequestBodyBytes = 1024 * 1024;
    public const int MaxStepFunctionInputBytes = 32 * 1024 * 1024;

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

    /// <exception cref="PayloadTooLargeException">An item is larger than <see cref="MaxInputBytes"/>, or the whole list than <see cref="MaxStepFunctionInputBytes"/>.</exception>
    public static void EnsureStepFunctionInput(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Array)
        {
            EnsureInput(input);
            return;
        }

        var total = SizeOf(input);
        if (total > MaxStepFunctionInputBytes)
        {
            throw new PayloadTooLargeException(
                $"The step-function task's input is {total:N0} bytes; at most {MaxStepFunctionInputBytes:N0} are accepted. Split the work into several tasks, or put the data in a bucket and pass its key.",
                total,
                MaxStepFunctionInputBytes);
        }

        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var size = SizeOf(item);
            if (size > MaxInputBytes)
            {
                throw new PayloadTooLargeException(
                    $"Item {index} of the step-function task's input is {size:N0} bytes; each subtask's input is at most {MaxInputBytes:N0}. Put large data in a bucket and pass its key instead.",
                    size,
                    MaxInputBytes);
            }

            index++;
        }
    }
}
