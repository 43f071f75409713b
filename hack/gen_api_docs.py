import yaml
crd=yaml.safe_load(open('deploy/crds/modeldeployments.modeldeploy.io-v1.yml'))
schema=crd['spec']['versions'][0]['schema']['openAPIV3Schema']
def walk(node,path,rows):
    props=node.get('properties',{})
    req=set(node.get('required',[]))
    for k,v in props.items():
        p=path+"."+k
        t=v.get('type','')
        if t=='array': t="[]"+v.get('items',{}).get('type','object')
        if 'additionalProperties' in v and t=='object': t='map[string]string'
        extra=[]
        if 'enum' in v: extra.append('one of '+', '.join(v['enum']))
        if 'default' in v: extra.append("default "+str(v['default']))
        if 'minimum' in v: extra.append("min %d" % int(float(v['minimum'])))
        if 'maximum' in v: extra.append("max %d" % int(float(v['maximum'])))
        if 'maxLength' in v: extra.append("max length %d" % v['maxLength'])
        if 'pattern' in v: extra.append("pattern `"+v['pattern']+"`")
        for r in v.get('x-kubernetes-validations',[]):
            extra.append(("immutable" if 'oldSelf' in r['rule'] else "rule")+": `"+r['rule']+"`")
        desc=' '.join(v.get('description','').split())
        rows.append((p,t,'yes' if k in req else '',desc,'; '.join(extra)))
        if v.get('type')=='object' and 'properties' in v: walk(v,p,rows)
        if v.get('type')=='array' and 'properties' in v.get('items',{}): walk(v['items'],p+'[]',rows)
    return rows
def table(rs):
    out=["| field | type | required | description | constraints |","|---|---|---|---|---|"]
    for p,t,r,d,e in rs: out.append("| `%s` | %s | %s | %s | %s |" % (p,t,r,d,e.replace('|','\\|')))
    return '\n'.join(out)
spec_rows=walk(schema['properties']['spec'],'spec',[])
status_rows=walk(schema['properties']['status'],'status',[])
rules=["- `%s`: %s" % (r['rule'].replace('|','\\|'),r['message']) for r in schema['properties']['spec'].get('x-kubernetes-validations',[])]
rules+=["- on `spec.billing`, `%s`: %s" % (r['rule'].replace('|','\\|'),r['message']) for r in schema['properties']['spec']['properties']['billing'].get('x-kubernetes-validations',[])]
rules+=["- on the whole object, `%s`: %s" % (r['rule'].replace('|','\\|'),r['message']) for r in schema.get('x-kubernetes-validations',[])]
doc="""# API reference: ModelDeployment (`modeldeploy.io/v1alpha1`)

Namespaced, plural `modeldeployments`, short name `mdep`, with the `status` and `scale`
subresources (`.spec.replicas`, `.status.replicas`, selector `.status.selector`). `kubectl explain
mdep.spec` prints the same descriptions. This page is generated from the CRD in `deploy/crds/`
(`make docs`), and a test (`ApiDocsTest`) fails when a field of the CRD is missing here.

## spec

%s

Rules across fields (CEL, enforced by the API server; the operator and `mdctl` check the same):

%s

What the price catalog decides (the model, its unit specs, methods, PD mode, inference modes,
maximum context) is checked by the operator and `mdctl`; see the reasons in
[lifecycle.md](lifecycle.md#reasons).

## status

%s

Conditions, phases and reasons: [lifecycle.md](lifecycle.md).
""" % (table(spec_rows), '\n'.join(rules), table(status_rows))
account=yaml.safe_load(open('deploy/crds/billingaccounts.modeldeploy.io-v1.yml'))['spec']['versions'][0]['schema']['openAPIV3Schema']
doc += """
# BillingAccount (`modeldeploy.io/v1alpha1`)

Namespaced, short name `mdba`: a prepaid balance the pay-as-you-go deployments of its namespace draw
on (the one named in `spec.billing.account`, else the namespace's only account). See
[lifecycle.md](lifecycle.md#budgets-pay-as-you-go).

## spec

%s

## status

%s
""" % (table(walk(account['properties']['spec'],'spec',[])), table(walk(account['properties']['status'],'status',[])))
open('docs/api.md','w').write(doc)

# The chart's values table, from values.schema.json and values.yaml.
import json
chart='helm/modeldeploy-operator/'
vschema=json.load(open(chart+'values.schema.json'))
values=yaml.safe_load(open(chart+'values.yaml'))
vrows=[]
def vwalk(node, path, default):
    for k,v in node.get('properties',{}).items():
        p=(path+'.' if path else '')+k
        d=(default or {}).get(k) if isinstance(default,dict) else None
        if v.get('type')=='object' and 'properties' in v:
            vwalk(v,p,d); continue
        dv=json.dumps(d) if d is not None else ''
        if len(dv)>60: dv='see values.yaml'
        vrows.append("| `%s` | %s | `%s` | %s |" % (p, v.get('type',''), dv, v.get('description','')))
vwalk(vschema,'',values)
readme=open(chart+'README.md').read()
head=readme[:readme.index('| value | type | default | description |')]
open(chart+'README.md','w').write(head+"| value | type | default | description |\n|---|---|---|---|\n"+"\n".join(vrows)+"\n")
