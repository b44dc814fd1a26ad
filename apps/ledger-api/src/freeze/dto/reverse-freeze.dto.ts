import { Text } from '../../dto/field-rules';

export class ReverseFreezeDto {
  @Text(
    'Why the freeze was recorded in error; it and its releases, seizures and returns drop out of every figure.',
    1000,
    'amount entered wrongly; recorded again as fz-2024-0042b',
  )
  readonly reason!: string;
}
