package eks

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// interruptionEvent is an EventBridge event Karpenter acts on before EC2
// takes the instance away: it cordons and drains the node and launches its
// replacement first.
type interruptionEvent struct {
	slug, source, detailType string
}

// interruptionEvents are the rules of Karpenter's getting-started template
// (aws/karpenter-provider-aws v1.14.1, cloudformation.yaml, read
// 2026-12-04): scheduled maintenance, spot interruption (two minutes'
// warning), rebalance recommendation, instance state change, and the
// interruption of an instance in a capacity reservation.
var interruptionEvents = []interruptionEvent{
	{"scheduled-change", "aws.health", "AWS Health Event"},
	{"spot-interruption", "aws.ec2", "EC2 Spot Instance Interruption Warning"},
	{"rebalance", "aws.ec2", "EC2 Instance Rebalance Recommendation"},
	{"instance-state-change", "aws.ec2", "EC2 Instance State-change Notification"},
	{"reservation-interruption", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"},
}

// eventPattern is the rule's pattern: one source and one detail type.
func (e interruptionEvent) eventPattern() string {
	b, err := json.Marshal(map[string][]string{"source": {e.source}, "detail-type": {e.detailType}})
	if err != nil {
		panic(err) // strings only
	}
	return string(b)
}

// queueRetentionSeconds: a message older than five minutes describes an
// instance that is gone already (the template's value).
const queueRetentionSeconds = 300

// queuePolicy lets EventBridge (and SQS itself) send to the queue and
// refuses any access without TLS.
func queuePolicy(queueARN string) string {
	return document(
		statement{Sid: "EventBridgeSends", Effect: "Allow", Principal: map[string]string{"Service": "events.amazonaws.com"},
			Action: []string{"sqs:SendMessage"}, Resource: queueARN},
		statement{Sid: "SQSSends", Effect: "Allow", Principal: map[string]string{"Service": "sqs.amazonaws.com"},
			Action: []string{"sqs:SendMessage"}, Resource: queueARN},
		statement{Sid: "DenyHTTP", Effect: "Deny", Principal: map[string]string{"AWS": "*"},
			Action: []string{"sqs:*"}, Resource: queueARN,
			Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}}},
	).String()
}

type interruptionQueue struct {
	queue *sqs.Queue
}

// newInterruptionQueue creates the queue Karpenter reads, its policy, and
// one EventBridge rule with the queue as target per interruptionEvents.
func (b *builder) newInterruptionQueue() (*interruptionQueue, error) {
	name := b.Name + "-karpenter"
	q, err := sqs.NewQueue(b.Ctx, name, &sqs.QueueArgs{
		Name:                    pulumi.String(name),
		MessageRetentionSeconds: pulumi.Int(queueRetentionSeconds),
		SqsManagedSseEnabled:    pulumi.Bool(true),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	policy, err := sqs.NewQueuePolicy(b.Ctx, name, &sqs.QueuePolicyArgs{
		QueueUrl: q.Url,
		Policy:   q.Arn.ApplyT(queuePolicy).(pulumi.StringOutput),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	for _, e := range interruptionEvents {
		rule, err := cloudwatch.NewEventRule(b.Ctx, name+"-"+e.slug, &cloudwatch.EventRuleArgs{
			Description:  pulumi.String("Karpenter of EKS cluster " + b.Name + ": " + e.detailType),
			EventPattern: pulumi.String(e.eventPattern()),
		}, b.Opts()...)
		if err != nil {
			return nil, err
		}
		if _, err := cloudwatch.NewEventTarget(b.Ctx, name+"-"+e.slug, &cloudwatch.EventTargetArgs{
			Rule:     rule.Name,
			Arn:      q.Arn,
			TargetId: pulumi.String("karpenter-interruption-queue"),
		}, b.Opts(pulumi.DependsOn([]pulumi.Resource{policy}))...); err != nil {
			return nil, err
		}
	}
	return &interruptionQueue{queue: q}, nil
}
