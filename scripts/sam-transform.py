#!/usr/bin/env python3
"""Prints template.yaml as CloudFormation JSON after the SAM transform (aws-sam-translator, installed with cfn-lint).

This is the template `sam deploy` hands to CloudFormation, except that local paths are replaced as `sam package`
would: each function's CodeUri by an S3 URI, the state machine's DefinitionUri by its definition inline.
Usage: scripts/sam-transform.py [template.yaml] > transformed.json
"""
import json
import os
import sys

from cfnlint.data import Serverless
from cfnlint.decode import cfn_yaml
from cfnlint.helpers import load_resource
from samtranslator.parser import parser
from samtranslator.translator.translator import Translator


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    root = os.path.dirname(os.path.abspath(path))
    template = cfn_yaml.load(path)
    for name, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = f"s3://conveyor-sam-artifacts/{name}.zip"
        if resource.get("Type") == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
            with open(os.path.join(root, properties.pop("DefinitionUri")), encoding="utf-8") as definition:
                properties["Definition"] = json.load(definition)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    translator = Translator(managed_policy_map=load_resource(Serverless, "ManagedPolicies.json"), sam_parser=parser.Parser())
    transformed = translator.translate(sam_template=template, parameter_values={}, passthrough_metadata=True)
    json.dump(transformed, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
