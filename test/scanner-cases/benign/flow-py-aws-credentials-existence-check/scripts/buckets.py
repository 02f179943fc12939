import os
import sys

import boto3

if not os.path.exists(os.path.expanduser("~/.aws/credentials")):
    sys.exit("configure the AWS CLI first: aws configure")

for bucket in boto3.client("s3").list_buckets()["Buckets"]:
    print(bucket["Name"])
