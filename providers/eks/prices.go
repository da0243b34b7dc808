package eks

import (
	"embed"

	"github.com/mlkube/mlkube/internal/pricing"
)

// Sources of the AWS list prices below (USD, Linux, on demand). Prices
// change: each row keeps where it was read and when, and a region or
// instance type that is missing is a warning in the plan, never a zero.
// Machine prices are data, one prices-<region>.csv per region with its
// source and date (the price file Karpenter generates from the AWS Price
// List API); the catalog below keeps the fees, volumes, spot range and notes.
const (
	srcEKS  = "AWS Containers blog \"Amazon EKS extended support for Kubernetes versions pricing\": $0.10 per cluster hour in standard support, $0.60 in extended support"
	srcNAT  = "basavytix.com \"AWS NAT Gateway pricing\", us-east-1: $0.045 per NAT gateway hour (+ $0.045 per GB processed, not estimated)"
	srcIPv4 = "cloudburn.io \"AWS NAT Gateway Pricing\" (2026-02-24): public IPv4 address $0.005 per hour"
	srcGP3  = "EBS gp3 storage, N. Virginia: $0.08/GiB-month, 3000 IOPS and 125 MiB/s included (saisci.com \"gp3 Throughput Explained\"; AWS Prescriptive Guidance: gp3 20% below gp2's $0.10)"
	srcEFS  = "aws.amazon.com/efs/pricing: EFS Standard $0.30/GB-month (factualminds.com EFS pricing, us-east-1, June 2026)"
	srcCLB  = "Classic Load Balancer $0.025 per hour, us-east-1 (awsnegotiations.com \"Elastic Load Balancer Cost\"); the in-tree AWS cloud provider gives a Service of type LoadBalancer a Classic LB"
	srcSpot = "aws.amazon.com/ec2/spot/pricing: up to 90% off on demand; a spot instance never bills above its maximum price, the on-demand price by default"
)

//go:embed prices-*.csv
var priceFiles embed.FS

// prices is the EKS price table. Only us-east-1 has a sourced table; a
// stack in another region gets a warning naming it (and may price its
// machines with mlkube:prices).
var prices = pricing.MustWithMachineFiles("providers/eks", priceFiles, pricing.Catalog{
	Spot: pricing.Spot{Low: 0.10, High: 1.0, Source: srcSpot},
	Notes: []string{
		"EKS: the fast storage class's IOPS and throughput above the gp3 baseline and KMS key fees are not estimated; a cluster on a Kubernetes version in extended support pays $0.60, not $0.10, per hour",
	},
	Regions: map[string]pricing.Region{
		"us-east-1": {
			Resources: map[string]pricing.Price{
				"aws:eks/cluster:Cluster":       {USD: 0.10, Unit: pricing.PerHour, Source: srcEKS, Date: "2024-04-01"},
				"aws:ec2/natGateway:NatGateway": {USD: 0.045, Unit: pricing.PerHour, Source: srcNAT, Date: "2026"},
				"aws:ec2/eip:Eip":               {USD: 0.005, Unit: pricing.PerHour, Source: srcIPv4, Date: "2026-02-24"},
			},
			Volumes: map[string]pricing.Price{
				ebsProvisioner: {USD: 0.08, Unit: pricing.PerGBMonth, Source: srcGP3, Date: "2021-01-13"},
				efsProvisioner: {USD: 0.30, Unit: pricing.PerGBMonth, Source: srcEFS, Date: "2026-06"},
			},
			NodeDisk:     &pricing.Price{USD: 0.08, Unit: pricing.PerGBMonth, Source: srcGP3, Date: "2021-01-13"},
			LoadBalancer: &pricing.Price{USD: 0.025, Unit: pricing.PerHour, Source: srcCLB, Date: "2026"},
		},
	},
})
