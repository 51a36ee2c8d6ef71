using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conveyor.Deployment.Tests.Iam;

/// <summary>
/// Resolves the intrinsic functions of the transformed template (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) to the values
/// they take when the stack is deployed as events/env.json describes it: stage <c>dev</c> (the parameter defaults),
/// account 123456789012, us-east-1. Physical names come from the resources' own name properties, as CloudFormation
/// would give them; a role without a name gets the ARN env.json gives the variable that references it.
/// </summary>
internal sealed partial class TemplateValues(JsonElement template, IReadOnlyDictionary<string, string> environment)
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private readonly JsonElement _resources = template.GetProperty("Resources");
    private readonly JsonElement _parameters = template.GetProperty("Parameters");

    public string Resolve(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!;
            case JsonValueKind.Object when value.TryGetProperty("Ref", out var reference):
                return Ref(reference.GetString()!);
            case JsonValueKind.Object when value.TryGetProperty("Fn::GetAtt", out var attribute):
                var parts = attribute.ValueKind == JsonValueKind.Array
                    ? attribute.EnumerateArray().Select(p => p.GetString()!).ToArray()
                    : attribute.GetString()!.Split('.', 2);
                return GetAtt(parts[0], parts[1]);
            case JsonValueKind.Object when value.TryGetProperty("Fn::Sub", out var sub):
                return Sub(sub);
            case JsonValueKind.Object when value.TryGetProperty("Fn::Join", out var join):
                return string.Join(join[0].GetString(), join[1].EnumerateArray().Select(Resolve));
            default:
                throw new NotSupportedException($"Cannot resolve {value.GetRawText()}");
        }
    }

    private string Sub(JsonElement sub)
    {
        var text = sub.ValueKind == JsonValueKind.Array ? sub[0].GetString()! : sub.GetString()!;
        var variables = sub.ValueKind == JsonValueKind.Array ? sub[1] : default;
        return Placeholder().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty(name, out var variable))
            {
                return Resolve(variable);
            }

            return name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal)
                ? GetAtt(name[..name.IndexOf('.', StringComparison.Ordinal)], name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..])
                : Ref(name);
        });
    }

    private string Ref(string name) => name switch
    {
        "AWS::AccountId" => Account,
        "AWS::Region" => Region,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => "conveyor-dev",
        _ when _parameters.TryGetProperty(name, out var parameter) => parameter.TryGetProperty("Default", out var d)
            ? d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()
            : throw new InvalidOperationException($"Parameter {name} has no default"),
        _ => ResourceRef(name),
    };

    private string ResourceRef(string logicalId)
    {
        var (type, properties) = Resource(logicalId);
        return type switch
        {
            "AWS::DynamoDB::Table" => Name(properties, "TableName"),
            "AWS::SQS::Queue" => $"https://sqs.{Region}.amazonaws.com/{Account}/{Name(properties, "QueueName")}",
            "AWS::SNS::Topic" => $"arn:aws:sns:{Region}:{Account}:{Name(properties, "TopicName")}",
            "AWS::S3::Bucket" => Name(properties, "BucketName"),
            "AWS::StepFunctions::StateMachine" => $"arn:aws:states:{Region}:{Account}:stateMachine:{Name(properties, "StateMachineName")}",
            "AWS::Lambda::Function" => Name(properties, "FunctionName"),
            "AWS::Scheduler::ScheduleGroup" => Name(properties, "Name"),
            _ => throw new NotSupportedException($"Ref of {type} ({logicalId})"),
        };
    }

    private string GetAtt(string logicalId, string attribute)
    {
        var (type, properties) = Resource(logicalId);
        return (type, attribute) switch
        {
            ("AWS::DynamoDB::Table", "Arn") => $"arn:aws:dynamodb:{Region}:{Account}:table/{Name(properties, "TableName")}",
            ("AWS::DynamoDB::Table", "StreamArn") => $"arn:aws:dynamodb:{Region}:{Account}:table/{Name(properties, "TableName")}/stream/*",
            ("AWS::SQS::Queue", "Arn") => $"arn:aws:sqs:{Region}:{Account}:{Name(properties, "QueueName")}",
            ("AWS::SQS::Queue", "QueueName") => Name(properties, "QueueName"),
            ("AWS::SNS::Topic", "TopicName") => Name(properties, "TopicName"),
            ("AWS::SNS::Topic", "TopicArn") => ResourceRef(logicalId),
            ("AWS::S3::Bucket", "Arn") => $"arn:aws:s3:::{Name(properties, "BucketName")}",
            ("AWS::Lambda::Function", "Arn") => $"arn:aws:lambda:{Region}:{Account}:function:{Name(properties, "FunctionName")}",
            ("AWS::StepFunctions::StateMachine", "Name") => Name(properties, "StateMachineName"),
            ("AWS::StepFunctions::StateMachine", "Arn") => ResourceRef(logicalId),
            ("AWS::IAM::Role", "Arn") => RoleArn(logicalId, properties),
            _ => throw new NotSupportedException($"Fn::GetAtt {logicalId}.{attribute} ({type})"),
        };
    }

    private string RoleArn(string logicalId, JsonElement properties)
    {
        if (properties.TryGetProperty("RoleName", out var name))
        {
            return $"arn:aws:iam::{Account}:role/{Resolve(name)}";
        }

        // CloudFormation names the role itself; env.json holds the ARN of the variable whose value is this role's ARN.
        var variable = Globals().FirstOrDefault(v => Whitespace().Replace(v.Value.GetRawText(), "").Contains($"\"{logicalId}\",\"Arn\"", StringComparison.Ordinal));
        return variable.Name is not null && environment.TryGetValue(variable.Name, out var arn) ? arn : $"arn:aws:iam::{Account}:role/{logicalId}";
    }

    private JsonElement.ObjectEnumerator Globals() =>
        Resource("FileTriggerFunction").Properties.GetProperty("Environment").GetProperty("Variables").EnumerateObject();

    private (string Type, JsonElement Properties) Resource(string logicalId) =>
        _resources.TryGetProperty(logicalId, out var resource)
            ? (resource.GetProperty("Type").GetString()!, resource.TryGetProperty("Properties", out var p) ? p : default)
            : throw new InvalidOperationException($"No resource {logicalId} in the transformed template");

    private string Name(JsonElement properties, string property) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property, out var name)
            ? Resolve(name)
            : throw new NotSupportedException($"The resource has no {property}: its physical name is generated");

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
