/** RDS sources: DB instances, clusters and subnet groups of a region. */
import * as z from 'zod';
import { defineSources, type LoadedReaders, listOf, optional, tags } from '../schemas.js';

const vpcSecurityGroups = () => z.array(z.looseObject(optional.strings('VpcSecurityGroupId'))).optional();

const dbInstance = () =>
  listOf('DBInstanceIdentifier', {
    ...optional.strings('DBInstanceStatus', 'Engine', 'DBClusterIdentifier'),
    DBSubnetGroup: z.looseObject(optional.strings('DBSubnetGroupName', 'VpcId')).optional(),
    VpcSecurityGroups: vpcSecurityGroups(),
    ...optional.booleans('MultiAZ', 'PubliclyAccessible', 'StorageEncrypted'),
    ...optional.numbers('BackupRetentionPeriod'),
    ReadReplicaDBInstanceIdentifiers: z.array(z.string()).optional(),
    ...optional.strings('ReadReplicaSourceDBInstanceIdentifier'),
    TagList: tags(),
  });

export const rdsSources = defineSources(async (): LoadedReaders => (await import('../rds.js')).rdsReaders, {
  'rds.dbInstances': { schema: dbInstance, actions: ['rds:DescribeDBInstances'] },
  'rds.dbClusters': {
    schema: () =>
      listOf('DBClusterIdentifier', {
        ...optional.strings('Status', 'Engine', 'DBSubnetGroup'),
        VpcSecurityGroups: vpcSecurityGroups(),
        ReadReplicaIdentifiers: z.array(z.string()).optional(),
        TagList: tags(),
      }),
    actions: ['rds:DescribeDBClusters'],
  },
  'rds.dbSubnetGroups': {
    schema: () =>
      listOf('DBSubnetGroupName', {
        ...optional.strings('VpcId'),
        Subnets: z
          .array(
            z.looseObject({
              ...optional.strings('SubnetIdentifier'),
              SubnetAvailabilityZone: z.looseObject(optional.strings('Name')).optional(),
            }),
          )
          .optional(),
      }),
    actions: ['rds:DescribeDBSubnetGroups'],
  },
});
