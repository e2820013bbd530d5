/** Elastic Load Balancing (v2) sources and the facts labs and collectors both read from them. */
import type {
  Listener,
  LoadBalancer,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';

declare module '../inventory.js' {
  interface SourceTypes {
    'elbv2.loadBalancers': LoadBalancer[];
    /** Keyed by load balancer ARN; read only for application load balancers (the candidates). */
    'elbv2.listeners': Record<string, Listener[]>;
    'elbv2.targetGroups': TargetGroup[];
    /** Keyed by target group ARN; read only for target groups of application load balancers. */
    'elbv2.targetHealth': Record<string, TargetHealthDescription[]>;
  }
}

/** Only application load balancers are candidates (network and gateway load balancers are not the lab). */
export function isApplicationLoadBalancer(lb: LoadBalancer): boolean {
  return lb.Type === 'application';
}

/** Target groups a listener's default action forwards to (a plain forward or a weighted one). */
export function forwardedTargetGroupArns(listener: Listener): string[] {
  const arns = new Set<string>();
  for (const action of listener.DefaultActions ?? []) {
    if (action.Type !== 'forward') continue;
    if (action.TargetGroupArn) arns.add(action.TargetGroupArn);
    for (const tg of action.ForwardConfig?.TargetGroups ?? []) if (tg.TargetGroupArn) arns.add(tg.TargetGroupArn);
  }
  return [...arns];
}

/** `course-tg` from `arn:aws:elasticloadbalancing:…:targetgroup/course-tg/b7ee…`. */
export function nameFromArn(arn: string, kind: 'targetgroup' | 'loadbalancer'): string {
  const parts = arn.split(':').at(-1)?.split('/') ?? [];
  if (kind === 'loadbalancer') return parts[2] ?? arn;
  return parts[1] ?? arn;
}
