package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

func cacheResourceSchema(ctx context.Context) schema.Schema {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceUnlessCase := []planmodifier.String{requiresReplaceIgnoringCase()}
	return schema.Schema{
		MarkdownDescription: "A Redis-compatible cache in one region. With `replication_group_id` it joins an " +
			"active geo-replication group: every member accepts writes and replicates them to the others.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Identifier of the cache.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the cache: " + nameRuleDoc + ". Changing it replaces the cache.",
				Required:            true,
				PlanModifiers:       replaceUnlessCase,
				Validators:          []validator.String{nameValidator{}},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region the cache lives in, named as in Azure (e.g. `eastus`, `westeurope`); " +
					"see the `geocache_regions` data source. Changing it replaces the cache.",
				Required:      true,
				PlanModifiers: replaceUnlessCase,
				Validators:    []validator.String{stringvalidator.OneOf(catalog.RegionNames()...)},
			},
			"sku": schema.StringAttribute{
				MarkdownDescription: "Azure Managed Redis SKU, e.g. `Balanced_B3`, `MemoryOptimized_M10`, " +
					"`ComputeOptimized_X3`. `Balanced_B0` and `Balanced_B1` cannot join a replication group, and " +
					"all members of a group share one SKU. Changing it replaces the cache.",
				Required:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.OneOf(catalog.SKUNames()...)},
			},
			"replication_group_id": schema.StringAttribute{
				MarkdownDescription: "ID of the `geocache_replication_group` to join. Geo-replication is chosen " +
					"at creation: changing or removing it replaces the cache.",
				Optional:      true,
				PlanModifiers: replaceUnlessCase,
			},
			"eviction_policy": schema.StringAttribute{
				MarkdownDescription: "What happens when memory is full: one of " + backtickList(catalog.EvictionPolicies()) +
					". Defaults to `" + catalog.DefaultEvictionPolicy + "`. Changes in place on a standalone cache " +
					"or a group's only member. Every member of a group shares it, so once a group has two or more " +
					"members a change is refused at plan time: replace the group's caches to change it.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(catalog.DefaultEvictionPolicy),
				Validators: []validator.String{stringvalidator.OneOf(catalog.EvictionPolicies()...)},
			},
			"tags": schema.MapAttribute{
				MarkdownDescription: "Tags of the cache. Changes in place.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"hostname": schema.StringAttribute{
				MarkdownDescription: "Host name clients connect to.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"port": schema.Int64Attribute{
				MarkdownDescription: "Port clients connect to (TLS on Azure, plain RESP on the simulator).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"primary_access_key": schema.StringAttribute{
				MarkdownDescription: "Primary access key (the password for `AUTH`).",
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       keep,
			},
			"secondary_access_key": schema.StringAttribute{
				MarkdownDescription: "Secondary access key, for rotating without downtime.",
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       keep,
			},
			"linked_cache_ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the other members of the cache's replication group, sorted; " +
					"empty for a standalone cache. Read on every refresh.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"geo_replication_state": schema.StringAttribute{
				MarkdownDescription: "`Standalone` outside a group; in a group `Linked` once every link is " +
					"up, else `Linking`, `Unlinking` or `LinkFailed`.",
				Computed: true,
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Update: true, Delete: true},
				"Defaults: create "+minutes(cacheCreateTimeout)+", update "+minutes(cacheUpdateTimeout)+
					", delete "+minutes(cacheDeleteTimeout)+"."),
		},
	}
}

func backtickList(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += "`" + s + "`"
	}
	return out
}
