package aks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/pricing/pricingtest"
)

// Rows of the machine tables against the lines of Karpenter's generated
// Azure price map they were read from (the commit the tables' headers name).
func TestMachinePricesMatchTheirSource(t *testing.T) {
	const src = "zz_generated.pricing.go"
	pricingtest.Check(t, prices, []pricingtest.Line{
		{Region: "eastus", Machine: "Standard_D4s_v5", File: src, Line: 15199, Text: `		"Standard_D4s_v5":                       0.192000,`},
		{Region: "eastus", Machine: "Standard_NC24ads_A100_v4", File: src, Line: 16446, Text: `		"Standard_NC24ads_A100_v4":              3.673000,`},
		{Region: "eastus", Machine: "Standard_NC4as_T4_v3", File: src, Line: 16467, Text: `		"Standard_NC4as_T4_v3":                  0.526000,`},
		{Region: "westeurope", Machine: "Standard_D4s_v5", File: src, Line: 61132, Text: `		"Standard_D4s_v5":                       0.230000,`},
		{Region: "westeurope", Machine: "Standard_D8s_v5", File: src, Line: 61223, Text: `		"Standard_D8s_v5":                       0.460000,`},
		{Region: "westeurope", Machine: "Standard_NC8as_T4_v3", File: src, Line: 62409, Text: `		"Standard_NC8as_T4_v3":                  0.940000,`},
		{Region: "westeurope", Machine: "Standard_NC96ads_A100_v4", File: src, Line: 62410, Text: `		"Standard_NC96ads_A100_v4":              19.100000,`},
		{Region: "eastus2", Machine: "Standard_ND96isr_H200_v5", File: src, Line: 18154, Text: `		"Standard_ND96isr_H200_v5":              84.800000,`},
		{Region: "northeurope", Machine: "Standard_ND96isr_H200_v5", File: src, Line: 38794, Text: `		"Standard_ND96isr_H200_v5":              101.760000,`},
		{Region: "westus3", Machine: "Standard_ND96isr_H200_v5", File: src, Line: 67855, Text: `		"Standard_ND96isr_H200_v5":       84.800000,`},
	})
}
